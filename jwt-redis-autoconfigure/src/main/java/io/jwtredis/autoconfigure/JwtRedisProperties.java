package io.jwtredis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for jwt-redis.
 */
@ConfigurationProperties("jwt.redis")
public class JwtRedisProperties {

	/**
	 * Whether to enable jwt-redis.
	 */
	private boolean enabled = true;

	/**
	 * HS256 secret: UTF-8 text of at least 32 bytes, or 'base64:' followed by standard
	 * base64 that decodes to at least 32 bytes.
	 */
	private @Nullable String secret;

	/**
	 * Issuer ('iss') set on issued tokens and required on validated tokens when set.
	 */
	private @Nullable String issuer;

	/**
	 * Audiences ('aud') set on issued tokens; when set, validated tokens must name at
	 * least one of them.
	 */
	private List<String> audience = new ArrayList<>();

	/**
	 * Lifetime of issued tokens.
	 */
	private Duration tokenLifetime = Duration.ofMinutes(15);

	/**
	 * Longest lifetime (exp - iat) accepted on a validated token; also how long a "log
	 * out everywhere" cut-off is kept.
	 */
	private Duration maxTokenLifetime = Duration.ofHours(24);

	/**
	 * Clock skew tolerated on 'exp' and 'nbf', and added to the TTL of every Redis entry.
	 */
	private Duration clockSkew = Duration.ofSeconds(60);

	/**
	 * Prefix of every Redis key.
	 */
	private String namespace = "jwt-redis";

	/**
	 * Whether to accept tokens that pass signature and claim checks when Redis cannot
	 * answer, instead of answering 503.
	 */
	private boolean failOpen = false;

	/**
	 * Longest wait for Redis to answer one revocation check.
	 */
	private Duration timeout = Duration.ofMillis(500);

	/**
	 * Value of the Retry-After header of 503 answers.
	 */
	private Duration retryAfter = Duration.ofSeconds(2);

	private final Durability durability = new Durability();

	private final Logout logout = new Logout();

	private final NearCache nearCache = new NearCache();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public List<String> getAudience() {
		return this.audience;
	}

	public void setAudience(List<String> audience) {
		this.audience = audience;
	}

	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	public void setTokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = tokenLifetime;
	}

	public Duration getMaxTokenLifetime() {
		return this.maxTokenLifetime;
	}

	public void setMaxTokenLifetime(Duration maxTokenLifetime) {
		this.maxTokenLifetime = maxTokenLifetime;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public boolean isFailOpen() {
		return this.failOpen;
	}

	public void setFailOpen(boolean failOpen) {
		this.failOpen = failOpen;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public Durability getDurability() {
		return this.durability;
	}

	public Logout getLogout() {
		return this.logout;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	/**
	 * When a revocation counts as durable.
	 */
	public static class Durability {

		/**
		 * Replicas of the owning master that must acknowledge a revocation before it is
		 * confirmed. When unset, one if the master has a replica, none otherwise.
		 */
		private @Nullable Integer replicas;

		/**
		 * Longest wait for the replicas to acknowledge a revocation.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		public @Nullable Integer getReplicas() {
			return this.replicas;
		}

		public void setReplicas(@Nullable Integer replicas) {
			this.replicas = replicas;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Logout endpoints added by the jwt-redis HTTP configurer.
	 */
	public static class Logout {

		/**
		 * Path that revokes the presented token (POST).
		 */
		private String path = "/auth/logout";

		/**
		 * Path that revokes every token of the presented token's subject (POST).
		 */
		private String allPath = "/auth/logout-all";

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public String getAllPath() {
			return this.allPath;
		}

		public void setAllPath(String allPath) {
			this.allPath = allPath;
		}

	}

	/**
	 * Local cache of "not revoked" answers, invalidated through Redis pub/sub.
	 */
	public static class NearCache {

		/**
		 * Whether to answer repeated checks of a token from memory for a short time.
		 */
		private boolean enabled = false;

		/**
		 * Most tokens remembered at once.
		 */
		private long maximumSize = 10_000;

		/**
		 * How long a "not revoked" answer is reused, even if an invalidation is lost.
		 */
		private Duration ttl = Duration.ofSeconds(2);

		/**
		 * How often each instance checks its subscription with a heartbeat; the cache
		 * stops answering after four intervals without one.
		 */
		private Duration heartbeatInterval = Duration.ofMillis(250);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

}
