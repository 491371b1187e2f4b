package io.drctl.adapters.database.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LsnTest {
    @Test
    void an_lsn_is_two_hexadecimal_halves_of_one_byte_position() {
        assertThat(Lsn.parse("0/3000060").value()).isEqualTo(0x3000060L);
        assertThat(Lsn.parse("16/B374D848").value()).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(Lsn.parse("16/B374D848")).hasToString("16/B374D848");
    }

    @Test
    void bytes_between_positions_cross_the_32_bit_boundary_and_never_go_negative() {
        assertThat(Lsn.parse("1/10").bytesAfter(Lsn.parse("0/FFFFFFF0"))).isEqualTo(0x20);
        assertThat(Lsn.parse("0/10").bytesAfter(Lsn.parse("0/20"))).isZero();
    }
}
