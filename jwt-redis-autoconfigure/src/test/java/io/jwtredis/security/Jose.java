package io.jwtredis.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact JWS strings byte by byte, so that tests can sign any header and payload
 * text, well-formed or not.
 */
final class Jose {

	static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

	private Jose() {
	}

	static String encode(String text) {
		return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static String decode(String segment) {
		return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
	}

	/**
	 * Return {@code header.payload.signature}, the signature made with HmacSHA256 over
	 * the encoded header and payload.
	 */
	static String sign(String header, String payload, String secret) {
		return sign(header, payload, secret, "HmacSHA256");
	}

	static String sign(String header, String payload, String secret, String macAlgorithm) {
		String input = encode(header) + "." + encode(payload);
		return input + "." + ENCODER.encodeToString(mac(input, secret, macAlgorithm));
	}

	static byte[] mac(String input, String secret, String macAlgorithm) {
		try {
			Mac mac = Mac.getInstance(macAlgorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
			return mac.doFinal(input.getBytes(StandardCharsets.ISO_8859_1));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether the third segment is the HmacSHA256 of the first two under the secret, as
	 * an independent oracle: the segment must be canonical unpadded base64url.
	 */
	static boolean isSignedBy(String token, String secret) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return false;
		}
		String input = parts[0] + "." + parts[1];
		if (!input.chars().allMatch((c) -> c < 128)) {
			return false;
		}
		return ENCODER.encodeToString(mac(input, secret, "HmacSHA256")).equals(parts[2]);
	}

	/**
	 * Return the claims of a valid token for a subject: a fresh jti, iat now, exp in ten
	 * minutes, scope read.
	 */
	static String claims(String subject) {
		long now = Instant.now().getEpochSecond();
		return claims(subject, UUID.randomUUID().toString(), now, now + 600, null);
	}

	static String claims(String subject, String jti, long iat, long exp, String extra) {
		StringBuilder json = new StringBuilder("{");
		if (jti != null) {
			json.append("\"jti\":\"").append(jti).append("\",");
		}
		json.append("\"sub\":\"").append(subject).append("\",\"iat\":").append(iat);
		if (exp != Long.MIN_VALUE) {
			json.append(",\"exp\":").append(exp);
		}
		json.append(",\"scope\":\"read\"");
		if (extra != null) {
			json.append(',').append(extra);
		}
		return json.append('}').toString();
	}

}
