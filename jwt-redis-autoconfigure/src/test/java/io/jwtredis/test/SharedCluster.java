package io.jwtredis.test;

import java.time.Duration;

import io.jwtredis.embedded.EmbeddedRedisCluster;

/**
 * One embedded Redis Cluster per test JVM, started on first use and stopped at JVM exit.
 */
public final class SharedCluster {

	private static EmbeddedRedisCluster cluster;

	private SharedCluster() {
	}

	/**
	 * Return the running cluster, starting it on first use.
	 * @return the cluster
	 */
	public static synchronized EmbeddedRedisCluster get() {
		if (cluster == null) {
			cluster = EmbeddedRedisCluster.builder().nodeTimeout(Duration.ofSeconds(2)).build().start();
		}
		return cluster;
	}

	/**
	 * Return the Spring properties that point an application at the cluster, with a check
	 * timeout long enough that functional tests do not depend on how busy the machine is
	 * (timeouts themselves are tested by the reliability suite).
	 * @return the properties
	 */
	public static String[] redisProperties() {
		EmbeddedRedisCluster running = get();
		return new String[] { "spring.data.redis.cluster.nodes=" + running.nodesProperty(),
				"spring.data.redis.password=" + running.password(), "jwt.redis.embedded.enabled=false",
				"jwt.redis.timeout=3s" };
	}

}
