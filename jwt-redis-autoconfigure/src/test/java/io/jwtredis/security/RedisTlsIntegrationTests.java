package io.jwtredis.security;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationStoreUnavailableException;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.test.TestTokens;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * jwt-redis talks to a TLS-only Redis Cluster through Spring Boot's SSL bundles, with the
 * server's certificate verified against a throwaway CA made here with BouncyCastle.
 */
class RedisTlsIntegrationTests {

	@TempDir
	static Path certificates;

	private static EmbeddedRedisCluster cluster;

	@BeforeAll
	static void startCluster() throws Exception {
		KeyPair ca = keyPair();
		X509CertificateHolder caCertificate = certificate("CN=jwt-redis test CA", ca, "CN=jwt-redis test CA", ca, true);
		KeyPair server = keyPair();
		X509CertificateHolder serverCertificate = certificate("CN=localhost", server, "CN=jwt-redis test CA", ca,
				false);
		KeyPair stranger = keyPair();
		write("ca.pem", caCertificate);
		write("server.pem", serverCertificate);
		write("server.key", new JcaPKCS8Generator(server.getPrivate(), null));
		write("other-ca.pem", certificate("CN=some other CA", stranger, "CN=some other CA", stranger, true));
		cluster = EmbeddedRedisCluster.builder()
			.masters(3)
			.replicasPerMaster(1)
			.nodeTimeout(Duration.ofSeconds(2))
			.tls(certificates.resolve("server.pem"), certificates.resolve("server.key"), certificates.resolve("ca.pem"))
			.build()
			.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.stop();
		}
	}

	@Test
	void issueCheckRevokeWhenTlsWithTheRightCaThenAllWork() {
		try (ConfigurableApplicationContext context = start("ca.pem")) {
			JwtRedisTokenIssuer issuer = context.getBean(JwtRedisTokenIssuer.class);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			String subject = "tls-" + System.nanoTime();
			Jwt first = issuer.issue(subject, List.of("read"));
			Jwt second = issuer.issue(subject, List.of("read"));
			assertThat(decoder.decode(first.getTokenValue()).getSubject()).isEqualTo(subject);
			context.getBean(JwtRevoker.class).revoke(first);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(first.getTokenValue()));
			context.getBean(JwtRevoker.class).revokeAll(subject);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(second.getTokenValue()));
		}
	}

	@Test
	void issueWhenServerCertificateIsNotSignedByTheTrustedCaThenFails() {
		try (ConfigurableApplicationContext context = start("other-ca.pem")) {
			Throwable failure = catchThrowable(
					() -> context.getBean(JwtRedisTokenIssuer.class).issue("tls-" + System.nanoTime(), List.of()));
			assertThat(failure).isInstanceOf(RevocationStoreUnavailableException.class);
			Throwable root = failure;
			StringBuilder chain = new StringBuilder();
			while (root != null) {
				chain.append(root).append('\n');
				root = root.getCause();
			}
			assertThat(chain.toString()).containsAnyOf("PKIX", "certificate", "SSL", "partitions");
		}
	}

	private static ConfigurableApplicationContext start(String trusted) {
		return Contexts.start("spring.data.redis.cluster.nodes=" + cluster.nodesProperty(),
				"spring.data.redis.password=" + cluster.password(), "spring.data.redis.ssl.enabled=true",
				"spring.data.redis.ssl.bundle=redis",
				"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.resolve(trusted),
				"jwt.redis.secret=" + TestTokens.SECRET, "jwt.redis.timeout=2s");
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509CertificateHolder certificate(String subject, KeyPair subjectKeys, String issuer,
			KeyPair issuerKeys, boolean authority) throws IOException, OperatorCreationException {
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
				BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
				Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
		if (authority) {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		else {
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
	}

	private static void write(String name, Object object) throws IOException {
		try (Writer out = Files.newBufferedWriter(certificates.resolve(name));
				JcaPEMWriter pem = new JcaPEMWriter(out)) {
			pem.writeObject(object);
		}
	}

}
