package io.jwtredis.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.test.SharedCluster;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws 100,000 seeded random and mutated tokens at the real decoder bean: only
 * {@link JwtException}s come out, nothing unsigned by the secret is accepted, and only
 * accepted tokens reach Redis.
 */
class TokenFuzzIntegrationTests {

	static final long SEED = 0x6a77742d72656469L;

	static final int INPUTS = 100_000;

	private static final String SECRET = TestTokens.SECRET;

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	@Test
	void decodeWhenInputsAreRandomOrMutatedThenOnlyJwtExceptionsAndNothingForgedIsAccepted() {
		EmbeddedRedisCluster cluster = SharedCluster.get();
		try (ConfigurableApplicationContext context = Contexts
			.start(HostileTokenDecoderIntegrationTests.withSecret(SharedCluster.redisProperties()))) {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			SplittableRandom random = new SplittableRandom(SEED);
			List<String> seeds = seeds(random);
			Map<String, Integer> outcomes = new TreeMap<>();
			List<String> problems = new ArrayList<>();
			int accepted = 0;
			long before = scriptCalls(cluster);
			long started = System.nanoTime();
			for (int i = 0; i < INPUTS; i++) {
				String operator = OPERATORS[random.nextInt(OPERATORS.length)];
				String seed = seeds.get(random.nextInt(seeds.size()));
				String token;
				try {
					token = mutate(operator, seed, seeds, random);
				}
				catch (RuntimeException ex) {
					token = bitFlip(seed, random);
				}
				try {
					Jwt jwt = decoder.decode(token);
					accepted++;
					outcomes.merge("accepted " + operator, 1, Integer::sum);
					if (!Jose.isSignedBy(token, SECRET) || jwt.getId() == null) {
						problems.add("accepted unsigned input #" + i + " (" + operator + ")");
					}
				}
				catch (BadJwtException ex) {
					outcomes.merge("BadJwtException", 1, Integer::sum);
				}
				catch (JwtException ex) {
					outcomes.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
				}
				catch (RuntimeException | StackOverflowError ex) {
					problems.add("input #" + i + " (" + operator + ") threw " + ex.getClass().getName());
				}
			}
			long tookMillis = (System.nanoTime() - started) / 1_000_000;
			long redisCalls = scriptCalls(cluster) - before;
			System.out.println("Token fuzzing: seed=" + SEED + " inputs=" + INPUTS + " outcomes=" + outcomes
					+ " scriptCalls=" + redisCalls + " took=" + tookMillis + "ms problems=" + problems.size());
			assertThat(problems).isEmpty();
			assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(INPUTS);
			assertThat(redisCalls).isBetween((long) accepted, accepted * 2L);
		}
	}

	private static final String[] OPERATORS = { "bitflip", "truncate", "reencode", "duplicate", "swap", "random",
			"splice", "algorithm", "replace", "insert", "delete", "resign-other", "stack", "valid" };

	private static List<String> seeds(SplittableRandom random) {
		List<String> seeds = new ArrayList<>();
		long now = Instant.now().getEpochSecond();
		for (int i = 0; i < 8; i++) {
			String subject = "fuzz-" + i + "-" + UUID.randomUUID();
			seeds.add(Jose.sign(Jose.HS256, Jose.claims(subject, UUID.randomUUID().toString(), now, now + 600,
					"\"aud\":[\"a\",\"b\"],\"n\":" + random.nextInt()), SECRET));
		}
		return seeds;
	}

	static String mutate(String operator, String token, List<String> seeds, SplittableRandom random) {
		return switch (operator) {
			case "bitflip" -> bitFlip(token, random);
			case "truncate" -> token.substring(0, random.nextInt(token.length()));
			case "reencode" -> reencode(token, random);
			case "duplicate" -> duplicate(token, random);
			case "swap" -> swap(token, random);
			case "random" -> randomText(random);
			case "splice" -> splice(token, seeds.get(random.nextInt(seeds.size())), random);
			case "algorithm" -> algorithm(token, random);
			case "replace" -> replace(token, random);
			case "insert" -> insert(token, random);
			case "delete" -> delete(token, random);
			case "resign-other" -> resign(token, "fuzz-other-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
			case "stack" -> mutate(OPERATORS[random.nextInt(OPERATORS.length - 2)],
					mutate(OPERATORS[random.nextInt(OPERATORS.length - 2)], token, seeds, random), seeds, random);
			default -> token;
		};
	}

	private static String bitFlip(String token, SplittableRandom random) {
		char[] chars = token.toCharArray();
		int at = random.nextInt(chars.length);
		chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
		return new String(chars);
	}

	private static String reencode(String token, SplittableRandom random) {
		String[] parts = token.split("\\.", -1);
		int at = random.nextInt(parts.length);
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(parts[at]);
		}
		catch (IllegalArgumentException ex) {
			return token;
		}
		parts[at] = switch (random.nextInt(5)) {
			case 0 -> Base64.getUrlEncoder().encodeToString(bytes);
			case 1 -> Base64.getEncoder().encodeToString(bytes);
			case 2 -> Base64.getMimeEncoder(4, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
			case 3 -> nonCanonical(parts[at]);
			default -> URL.encodeToString(
					new String(bytes, StandardCharsets.UTF_8).replace(":", " : ").getBytes(StandardCharsets.UTF_8));
		};
		return String.join(".", parts);
	}

	private static String nonCanonical(String segment) {
		if (segment.isEmpty() || segment.length() % 4 == 0) {
			return segment + "=";
		}
		char last = segment.charAt(segment.length() - 1);
		char bumped = (last == 'A') ? 'B' : (last == 'Q') ? 'R' : (char) (last + 1);
		return segment.substring(0, segment.length() - 1) + bumped;
	}

	private static String duplicate(String token, SplittableRandom random) {
		String[] parts = token.split("\\.", -1);
		String payload = Jose.decode(parts[1]);
		String[] extras = { "\"sub\":\"admin\"", "\"exp\":1", "\"jti\":\"x\"", "\"iat\":0", "\"scope\":\"admin\"" };
		String changed = payload.substring(0, payload.length() - 1) + "," + extras[random.nextInt(extras.length)] + "}";
		if (random.nextBoolean()) {
			return Jose.sign(Jose.HS256, changed, SECRET);
		}
		return parts[0] + "." + Jose.encode(changed) + "." + parts[2];
	}

	private static String swap(String token, SplittableRandom random) {
		String[] parts = token.split("\\.", -1);
		int a = random.nextInt(parts.length);
		int b = random.nextInt(parts.length);
		String kept = parts[a];
		parts[a] = parts[b];
		parts[b] = kept;
		return String.join(".", parts);
	}

	private static String randomText(SplittableRandom random) {
		int length = random.nextInt(400);
		StringBuilder text = new StringBuilder(length);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/= {}\"";
		for (int i = 0; i < length; i++) {
			text.append(random.nextInt(20) == 0 ? (char) random.nextInt(0x3000)
					: alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private static String splice(String token, String other, SplittableRandom random) {
		String[] mine = token.split("\\.", -1);
		String[] theirs = other.split("\\.", -1);
		int at = random.nextInt(Math.min(mine.length, theirs.length));
		mine[at] = theirs[at];
		return String.join(".", mine);
	}

	private static String algorithm(String token, SplittableRandom random) {
		String[] parts = token.split("\\.", -1);
		String[] algorithms = { "none", "None", "HS384", "HS512", "RS256", "ES256", "PS256", "hs256", "HS256 ", "" };
		parts[0] = Jose.encode("{\"alg\":\"" + algorithms[random.nextInt(algorithms.length)] + "\"}");
		return String.join(".", parts);
	}

	private static String replace(String token, SplittableRandom random) {
		String[] parts = token.split("\\.", -1);
		int at = random.nextInt(parts.length);
		byte[] bytes = new byte[Math.max(1, parts[at].length() * 3 / 4)];
		random.nextBytes(bytes);
		parts[at] = URL.encodeToString(bytes);
		return String.join(".", parts);
	}

	private static String insert(String token, SplittableRandom random) {
		int at = random.nextInt(token.length() + 1);
		String[] pieces = { ".", "=", "+", "/", " ", "\u0000", "%2E", "~", "\u00e9", "A" };
		return token.substring(0, at) + pieces[random.nextInt(pieces.length)] + token.substring(at);
	}

	private static String delete(String token, SplittableRandom random) {
		int at = random.nextInt(token.length());
		return token.substring(0, at) + token.substring(at + 1);
	}

	private static String resign(String token, String secret) {
		String[] parts = token.split("\\.", -1);
		return Jose.sign(Jose.decode(parts[0]), Jose.decode(parts[1]), secret);
	}

	private static long scriptCalls(EmbeddedRedisCluster cluster) {
		Map<String, Long> calls = cluster.commandCalls();
		return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
	}

}
