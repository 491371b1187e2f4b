package io.drctl.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.http.TestHttpServer.Reply;
import io.drctl.engine.testing.FakeStepContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check.http against an HTTPS server with a self-signed certificate: refused by default, accepted when told. */
class CheckHttpTlsIT {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static TestHttpServer server;

    @BeforeAll
    static void startServerWithSelfSignedCertificate(@TempDir Path dir) throws Exception {
        server = TestHttpServer.startTls(serverTls(selfSignedKeyStore(dir)), (n, path) -> Reply.of(200, "ok"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private final CheckHttpStepType type = new CheckHttpStepType();

    @Test
    void certificates_are_verified_by_default() {
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("url", server.url("/healthz"))
                .param("interval", Duration.ofMillis(100))
                .deadlineIn(Duration.ofSeconds(2))
                .build();
        int servedBefore = server.requests(); // the server is shared by the class's tests, in any order

        assertThatThrownBy(() -> type.bind(ctx.definition()).verify(ctx))
                .hasMessageEndingWith(
                        "; last: TLS failed: certificate not trusted (insecureSkipTlsVerify: true accepts it)");
        assertThat(server.requests())
                .as("no request got through the failed handshake")
                .isEqualTo(servedBefore);
    }

    @Test
    void insecure_skip_tls_verify_accepts_any_certificate_and_says_so() throws Exception {
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("url", server.url("/healthz"))
                .param("insecureSkipTlsVerify", true)
                .deadlineIn(Duration.ofSeconds(10))
                .build();

        type.bind(ctx.definition()).verify(ctx);

        assertThat(ctx.progressMessages())
                .first()
                .isEqualTo("TLS certificate verification is off (insecureSkipTlsVerify: true)");
        assertThat(ctx.outputs()).containsEntry("lastStatus", 200);
    }

    /** A key pair for a host name that is not 127.0.0.1, signed by nobody: wrong on both counts. */
    private static Path selfSignedKeyStore(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=drctl-test.invalid",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue())
                .as("keytool: %s", Files.readString(dir.resolve("keytool.log")))
                .isZero();
        return store;
    }

    private static SSLContext serverTls(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }
}
