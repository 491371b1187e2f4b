package io.drctl.adapters.dns;

import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * What a DNS server's response code means for drctl, in one line naming the server, the zone and
 * the record. Answers that retrying cannot change — a refused update, a rejected TSIG key, a
 * zone the server does not serve — are {@link SafetyGateException}s: never retried, the run
 * stops with exit 3 so a human fixes the key or policy and resumes. A server failure is a
 * {@link StepFailedException}, retried per the step's policy.
 */
final class DnsAnswers {
    private DnsAnswers() {}

    /** Throws unless {@code response} to an UPDATE says NOERROR (and, when signed by us, carries a valid signature). */
    static void checkUpdate(Message response, String server, Name zone, String records, Name keyName)
            throws StepException {
        int rcode = response.getRcode();
        String where = "update of " + records + " in zone " + zone + " at " + server;
        if (rcode == Rcode.NOERROR) {
            if (keyName != null && !response.isVerified()) {
                throw new StepFailedException(where + ": the answer's TSIG signature does not verify; "
                        + "the change may or may not have been made");
            }
            return;
        }
        throw failure(rcode, tsigError(response), "the " + where, true, server, zone, keyName);
    }

    /** Throws unless a query answer says NOERROR or NXDOMAIN. */
    static void checkQuery(Message response, String server, Name zone, String record, Name keyName)
            throws StepException {
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            return;
        }
        throw failure(
                rcode,
                tsigError(response),
                "reading " + record + " in zone " + zone + " from " + server,
                false,
                server,
                zone,
                keyName);
    }

    private static StepException failure(
            int rcode, int tsigError, String what, boolean update, String server, Name zone, Name keyName) {
        String code = Rcode.string(rcode);
        return switch (rcode) {
            case Rcode.REFUSED ->
                new SafetyGateException(what + " was REFUSED: the server does not allow it "
                        + (!update
                                ? "(does it serve this zone, and may this machine query it?)"
                                : keyName == null
                                        ? "(an unsigned update: give the zone a tsig key)"
                                        : "(the update-policy of key " + keyName + " does not cover this name)")
                        + "; not retried");
            case Rcode.NOTAUTH ->
                switch (tsigError) {
                    case Rcode.BADSIG ->
                        new SafetyGateException(what + " failed: NOTAUTH/BADSIG, the server rejected the "
                                + "signature of TSIG key " + keyName + " (wrong secret or algorithm); not retried");
                    case Rcode.BADKEY ->
                        new SafetyGateException(what + " failed: NOTAUTH/BADKEY, the server does not know "
                                + "TSIG key " + keyName + " (or not with this algorithm); not retried");
                    case Rcode.BADTIME ->
                        new SafetyGateException(what + " failed: NOTAUTH/BADTIME, this machine's clock and "
                                + "the server's differ by more than the TSIG fudge (5 minutes); not retried");
                    default ->
                        new SafetyGateException(what + " failed: NOTAUTH, " + server + " is not authoritative for zone "
                                + zone + "; not retried");
                };
            case Rcode.NOTZONE ->
                new SafetyGateException(what + " failed: NOTZONE, the record is not inside zone " + zone + " as "
                        + server + " serves it; not retried");
            case Rcode.NOTIMP ->
                new SafetyGateException(
                        what + " failed: NOTIMP, " + server + " does not implement dynamic updates; not retried");
            case Rcode.SERVFAIL -> new StepFailedException(what + " failed: SERVFAIL, the server could not process it");
            default -> new StepFailedException(what + " failed: " + code);
        };
    }

    private static int tsigError(Message response) {
        TSIGRecord tsig = response.getTSIG();
        return tsig == null ? Rcode.NOERROR : tsig.getError();
    }
}
