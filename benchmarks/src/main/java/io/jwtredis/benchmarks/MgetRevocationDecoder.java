package io.jwtredis.benchmarks;

import java.time.Duration;
import java.util.List;

import io.jwtredis.core.RevocationCheckingJwtDecoder;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.TokenRecord;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * A prototype of the revocation check without Lua, for comparison only: one {@code MGET}
 * of the revoked-token marker and the subject's cut-off, which share a hash tag, so still
 * one round trip to one node. It does not record claims of tokens issued elsewhere, which
 * the production script does on first sight.
 */
final class MgetRevocationDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final RedisAdvancedClusterCommands<String, String> commands;

	private final RevocationKeys keys;

	MgetRevocationDecoder(JwtDecoder delegate, RedisAdvancedClusterCommands<String, String> commands,
			RevocationKeys keys) {
		this.delegate = delegate;
		this.commands = commands;
		this.keys = keys;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.delegate.decode(token);
		TokenRecord record = RevocationCheckingJwtDecoder.toRecord(jwt, Duration.ofHours(24));
		RevocationKeys.TokenKeys tokenKeys = this.keys.forToken(record.subject(), record.tokenId());
		List<KeyValue<String, String>> values = this.commands.mget(tokenKeys.revoked(), tokenKeys.cutoff());
		if (values.get(0).hasValue()) {
			throw new BadJwtException("revoked");
		}
		if (values.get(1).hasValue()
				&& record.issuedAt().getEpochSecond() <= Long.parseLong(values.get(1).getValue())) {
			throw new BadJwtException("revoked");
		}
		return jwt;
	}

}
