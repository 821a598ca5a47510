package io.jwtredis.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.test.SharedCluster;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Subjects with braces, separators, white space, control characters, 10 KB of text or
 * non-ASCII letters are issued, checked and revoked like any other, and cannot steer
 * their keys onto another user's keys.
 */
class HostileSubjectIntegrationTests {

	private static final Pattern KEY = Pattern
		.compile("jwt-redis:\\{[A-Za-z0-9_-]{22}\\}:(a|r:[A-Za-z0-9_-]{22}|c:[A-Za-z0-9_-]{22})");

	@Test
	void issueCheckRevokeAndRevokeAllWhenSubjectIsHostileThenWorkAndStayApartFromTheVictim() {
		EmbeddedRedisCluster cluster = SharedCluster.get();
		RevocationKeys keys = new RevocationKeys(RevocationKeys.DEFAULT_NAMESPACE);
		String victim = "victim-" + System.nanoTime();
		String victimTag = tag(victim);
		List<String> subjects = new ArrayList<>(List.of("{" + victim + "}", victim + " ", " " + victim, victim + "\n",
				victim + "}", "{" + victimTag + "}", "jwt-redis:{" + victimTag + "}:a", "x}:{" + victimTag + "}",
				"a:b:c", "new\nline\r\n", "tab\there", "\u0000nul",
				"Jos\u00e9 \u00c5ngstr\u00f6m \u5f20\u4f1f \ud83d\ude00", "\u202eright-to-left",
				"s".repeat(10 * 1024)));
		try (ConfigurableApplicationContext context = Contexts
			.start(HostileTokenDecoderIntegrationTests.withSecret(SharedCluster.redisProperties()))) {
			JwtRedisTokenIssuer issuer = context.getBean(JwtRedisTokenIssuer.class);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			JwtRevoker revoker = context.getBean(JwtRevoker.class);
			Jwt victimToken = issuer.issue(victim, List.of("read"));
			for (String subject : subjects) {
				String described = subject.length() > 40 ? subject.length() + " characters" : subject;
				Jwt first = issuer.issue(subject, List.of("read"));
				Jwt second = issuer.issue(subject, List.of("read"));
				assertThat(decoder.decode(first.getTokenValue()).getSubject()).as(described).isEqualTo(subject);
				RevocationKeys.TokenKeys tokenKeys = keys.forToken(subject, first.getId());
				for (String key : List.of(tokenKeys.revoked(), tokenKeys.cutoff(), tokenKeys.claims())) {
					assertThat(KEY.matcher(key).matches()).as(key).isTrue();
					assertThat(key).doesNotContain(victimTag);
				}
				assertThat(cluster.masterForKey(tokenKeys.claims()).execute("HGET", tokenKeys.claims(), "sub"))
					.as(described)
					.isEqualTo(subject);
				revoker.revoke(first);
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(first.getTokenValue()));
				assertThat(decoder.decode(second.getTokenValue()).getSubject()).isEqualTo(subject);
				revoker.revokeAll(subject);
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(second.getTokenValue()));
				assertThat(decoder.decode(victimToken.getTokenValue()).getSubject()).as(described).isEqualTo(victim);
			}
		}
	}

	private static String tag(String subject) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
