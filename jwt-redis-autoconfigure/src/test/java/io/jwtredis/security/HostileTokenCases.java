package io.jwtredis.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The table of hostile tokens that every decoder must refuse, by name.
 */
final class HostileTokenCases {

	private HostileTokenCases() {
	}

	/**
	 * Return the hostile tokens; signed with {@code secret} unless their name says
	 * otherwise.
	 * @param secret the configured secret
	 * @param otherSecret a secret the service does not know
	 * @return name to token
	 */
	static Map<String, String> rejected(String secret, String otherSecret) {
		Map<String, String> cases = new LinkedHashMap<>();
		long now = Instant.now().getEpochSecond();
		String claims = Jose.claims("mallory");
		String valid = Jose.sign(Jose.HS256, claims, secret);
		String[] parts = valid.split("\\.");
		for (String alg : new String[] { "none", "None", "NONE", "nOnE" }) {
			String unsigned = Jose.encode("{\"alg\":\"" + alg + "\"}") + "." + parts[1] + ".";
			cases.put("alg " + alg + ", empty signature", unsigned);
			cases.put("alg " + alg + ", junk signature", unsigned + "AAAA");
			cases.put("alg " + alg + ", signature of the valid token", unsigned + parts[2]);
			cases.put("alg " + alg + ", HS256 signature over its own input",
					Jose.sign("{\"alg\":\"" + alg + "\"}", claims, secret));
		}
		cases.put("two segments", parts[0] + "." + parts[1]);
		cases.put("two segments, trailing dot", parts[0] + "." + parts[1] + ".");
		cases.put("HS384 with the secret", Jose.sign("{\"alg\":\"HS384\"}", claims, secret, "HmacSHA384"));
		cases.put("HS512 with the secret", Jose.sign("{\"alg\":\"HS512\"}", claims, secret, "HmacSHA512"));
		cases.put("HS256 header, HS512 signature", Jose.sign(Jose.HS256, claims, secret, "HmacSHA512"));
		cases.put("RS256 header, HMAC signature", Jose.sign("{\"alg\":\"RS256\"}", claims, secret));
		cases.put("RS256 header, junk signature", Jose.encode("{\"alg\":\"RS256\"}") + "." + parts[1] + ".AAAA");
		cases.put("ES256 header, HMAC signature", Jose.sign("{\"alg\":\"ES256\"}", claims, secret));
		cases.put("empty alg", Jose.sign("{\"alg\":\"\"}", claims, secret));
		cases.put("no alg", Jose.sign("{\"typ\":\"JWT\"}", claims, secret));
		cases.put("alg is a number", Jose.sign("{\"alg\":256}", claims, secret));
		cases.put("HS256 with another secret", Jose.sign(Jose.HS256, claims, otherSecret));
		cases.put("HS256 with an empty key", Jose.sign(Jose.HS256, claims, "\0"));
		cases.put("duplicated alg member", Jose.sign("{\"alg\":\"none\",\"alg\":\"HS256\"}", claims, secret));
		cases.put("duplicated sub member",
				Jose.sign(Jose.HS256, claims.substring(0, claims.length() - 1) + ",\"sub\":\"alice\"}", secret));
		cases.put("unknown crit header",
				Jose.sign("{\"alg\":\"HS256\",\"crit\":[\"exp-x\"],\"exp-x\":1}", claims, secret));
		cases.put("b64 false", Jose.sign("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", claims, secret));
		cases.put("JWE-looking header, five segments", Jose.encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}")
				+ "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA");
		cases.put("four segments", valid + "." + parts[2]);
		cases.put("four segments, empty last", valid + ".");
		cases.put("20,000 nested arrays in the payload",
				Jose.sign(Jose.HS256, "{\"sub\":\"x\",\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}", secret));
		cases.put("20,000 nested objects in the header",
				Jose.sign("{\"alg\":\"HS256\",\"x\":" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000) + "}",
						claims, secret));
		cases.put("1 MB header, forged signature",
				Jose.sign("{\"alg\":\"HS256\",\"pad\":\"" + "A".repeat(1 << 20) + "\"}", claims, otherSecret));
		cases.put("payload []", Jose.sign(Jose.HS256, "[]", secret));
		cases.put("payload null", Jose.sign(Jose.HS256, "null", secret));
		cases.put("payload string", Jose.sign(Jose.HS256, "\"text\"", secret));
		cases.put("payload number", Jose.sign(Jose.HS256, "42", secret));
		cases.put("payload empty", Jose.sign(Jose.HS256, "", secret));
		cases.put("payload not JSON", Jose.sign(Jose.HS256, "{sub:alice", secret));
		cases.put("header []", Jose.sign("[]", claims, secret));
		cases.put("header null", Jose.sign("null", claims, secret));
		for (int segment = 0; segment < 3; segment++) {
			for (String bad : new String[] { "+", "/", "=", "*", " ", "%", "\u00e9", "\n", "\\" }) {
				String[] copy = parts.clone();
				copy[segment] = copy[segment].substring(0, 5) + bad + copy[segment].substring(5);
				cases.put("'" + bad.replace("\n", "\\n") + "' in segment " + (segment + 1), String.join(".", copy));
			}
		}
		cases.put("padded signature", valid + "=");
		cases.put("standard base64 signature", parts[0] + "." + parts[1] + "."
				+ java.util.Base64.getEncoder().encodeToString(java.util.Base64.getUrlDecoder().decode(parts[2])));
		cases.put("no exp", Jose.sign(Jose.HS256, Jose.claims("mallory", id(), now, Long.MIN_VALUE, null), secret));
		cases.put("exp 120 s in the past",
				Jose.sign(Jose.HS256, Jose.claims("mallory", id(), now - 600, now - 120, null), secret));
		cases.put("exp is text", Jose.sign(Jose.HS256,
				"{\"jti\":\"" + id() + "\",\"sub\":\"m\",\"iat\":" + now + ",\"exp\":\"never\"}", secret));
		cases.put("nbf 120 s in the future",
				Jose.sign(Jose.HS256, Jose.claims("mallory", id(), now, now + 600, "\"nbf\":" + (now + 120)), secret));
		cases.put("no jti", Jose.sign(Jose.HS256, Jose.claims("mallory", null, now, now + 600, null), secret));
		cases.put("empty jti", Jose.sign(Jose.HS256, Jose.claims("mallory", "", now, now + 600, null), secret));
		cases.put("no sub", Jose.sign(Jose.HS256,
				"{\"jti\":\"" + id() + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}", secret));
		cases.put("empty sub", Jose.sign(Jose.HS256, Jose.claims("", id(), now, now + 600, null), secret));
		cases.put("no iat",
				Jose.sign(Jose.HS256, "{\"jti\":\"" + id() + "\",\"sub\":\"m\",\"exp\":" + (now + 600) + "}", secret));
		cases.put("lifetime over the maximum",
				Jose.sign(Jose.HS256, Jose.claims("mallory", id(), now, now + 48 * 3600, null), secret));
		cases.put("exp far in the future",
				Jose.sign(Jose.HS256, Jose.claims("mallory", id(), now, 99_999_999_999L, null), secret));
		cases.put("empty string", "");
		cases.put("white space", "   ");
		cases.put("dots only", "..");
		cases.put("1 MB of letters", "A".repeat(1 << 20));
		return cases;
	}

	private static String id() {
		return UUID.randomUUID().toString();
	}

}
