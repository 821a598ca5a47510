package io.jwtredis.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Builds tokens the way another service holding the secret would.
 */
public final class TestTokens {

	/** A 64-byte test secret, long enough to sign HS512 with the very same bytes. */
	public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMN";

	private TestTokens() {
	}

	/**
	 * Return a claims builder with a fresh jti, the subject, iat now and exp in 10
	 * minutes.
	 * @param subject the subject
	 * @return the builder
	 */
	public static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.claim("scope", "read");
	}

	/**
	 * Sign claims with the given algorithm and secret.
	 * @param claims the claims
	 * @param algorithm the algorithm
	 * @param secret the secret
	 * @return the serialized token
	 */
	public static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, String secret) {
		try {
			byte[] key = secret.getBytes(StandardCharsets.UTF_8);
			SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
			jwt.sign(new MACSigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sign claims with HS256 and the test secret.
	 * @param claims the claims
	 * @return the serialized token
	 */
	public static String sign(JWTClaimsSet claims) {
		return sign(claims, JWSAlgorithm.HS256, SECRET);
	}

}
