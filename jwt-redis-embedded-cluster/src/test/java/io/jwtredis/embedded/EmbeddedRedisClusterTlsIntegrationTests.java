package io.jwtredis.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for an {@link EmbeddedRedisCluster} that serves TLS only (certificates made with
 * the {@code openssl} command line tool).
 */
class EmbeddedRedisClusterTlsIntegrationTests {

	@TempDir
	Path certificates;

	@Test
	void startWhenTlsThenServesTlsOnlyAndReplicatesOverTls() throws Exception {
		assumeTrue(createCertificates(), "openssl is not available");
		Path cert = this.certificates.resolve("server.crt");
		Path key = this.certificates.resolve("server.key");
		Path ca = this.certificates.resolve("ca.crt");
		try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
			.masters(1)
			.replicasPerMaster(1)
			.tls(cert, key, ca)
			.build()
			.start()) {
			assertThat(cluster.isTls()).isTrue();
			assertThat(cluster.sslContext()).isNotNull();
			assertThat(cluster.masters()).hasSize(1);
			assertThat(cluster.replicas()).hasSize(1);
			RedisNode master = cluster.masters().get(0);
			assertThat(master.execute("CONFIG", "GET", "port")).isEqualTo(List.of("port", "0"));
			assertThat(master.execute("CONFIG", "GET", "tls-replication")).isEqualTo(List.of("tls-replication", "yes"));
			assertThat(master.execute("SET", "jwt-redis:{tls}:a", "1")).isEqualTo("OK");
			assertThat(master.execute("WAIT", "1", "2000")).isEqualTo(1L);
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (RespConnection plain = RespConnection.open(master.host(), master.port(), cluster.password(), null,
						Duration.ofMillis(500))) {
					plain.execute("PING");
				}
			});
		}
	}

	private boolean createCertificates() throws Exception {
		Path san = this.certificates.resolve("san.ext");
		Files.writeString(san, "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.US_ASCII);
		return openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=jwt-redis test CA",
				"-keyout", "ca.key", "-out", "ca.crt")
				&& openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
						"-out", "server.csr")
				&& openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
						"-days", "2", "-extfile", "san.ext", "-out", "server.crt");
	}

	private boolean openssl(String... args) throws InterruptedException {
		String[] command = new String[args.length + 1];
		command[0] = "openssl";
		System.arraycopy(args, 0, command, 1, args.length);
		try {
			Process process = new ProcessBuilder(command).directory(this.certificates.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
