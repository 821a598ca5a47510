package io.jwtredis.benchmarks;

import java.util.Map;

import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The layout jwt-redis replaces, for comparison only: one shared blacklist Set checked
 * with {@code SISMEMBER} and one claims hash per token read with {@code HGETALL}, keys
 * without a common hash tag, so two round trips, usually to two nodes.
 */
final class NaiveRevocationDecoder implements JwtDecoder {

	static final String BLACKLIST = "naive:blacklist";

	static final String CLAIMS = "naive:claims:";

	private final JwtDecoder delegate;

	private final RedisAdvancedClusterCommands<String, String> commands;

	NaiveRevocationDecoder(JwtDecoder delegate, RedisAdvancedClusterCommands<String, String> commands) {
		this.delegate = delegate;
		this.commands = commands;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.delegate.decode(token);
		if (Boolean.TRUE.equals(this.commands.sismember(BLACKLIST, jwt.getId()))) {
			throw new BadJwtException("revoked");
		}
		Map<String, String> claims = this.commands.hgetall(CLAIMS + jwt.getId());
		if (claims.isEmpty()) {
			throw new BadJwtException("unknown token");
		}
		return jwt;
	}

	void record(Jwt jwt) {
		this.commands.hset(CLAIMS + jwt.getId(), Map.of("sub", jwt.getSubject(), "scope", "read"));
	}

}
