package io.jwtredis.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.TokenRecord;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.jwtredis.test.TestTokens;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Test application for the fault suite, started through {@link SpringApplication} so that
 * the environment post-processors (topology refresh defaults) apply, plus helpers that
 * place subjects on chosen masters.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class FaultTestApplication {

	/**
	 * Start the application against a cluster.
	 * @param cluster the cluster
	 * @param web whether to start a servlet web server on a random port
	 * @param properties extra properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(EmbeddedRedisCluster cluster, boolean web, String... properties) {
		List<String> all = new ArrayList<>(List.of("--spring.data.redis.cluster.nodes=" + cluster.nodesProperty(),
				"--spring.data.redis.password=" + cluster.password(), "--jwt.redis.embedded.enabled=false",
				"--jwt.redis.secret=" + TestTokens.SECRET, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off"));
		for (String property : properties) {
			all.add("--" + property);
		}
		Class<?>[] sources = web ? new Class<?>[] { FaultTestApplication.class, FaultTestWebLayer.class }
				: new Class<?>[] { FaultTestApplication.class };
		return new SpringApplicationBuilder(sources).web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	/**
	 * Return subjects whose keys live on the given master.
	 * @param cluster the cluster
	 * @param master the master
	 * @param count how many
	 * @return the subjects
	 */
	static List<String> subjectsOn(EmbeddedRedisCluster cluster, RedisNode master, int count) {
		List<long[]> ranges = new ArrayList<>();
		for (Object entry : (List<?>) master.execute("CLUSTER", "SLOTS")) {
			List<?> slots = (List<?>) entry;
			List<?> owner = (List<?>) slots.get(2);
			if (((Long) owner.get(1)).intValue() == master.port()) {
				ranges.add(new long[] { (Long) slots.get(0), (Long) slots.get(1) });
			}
		}
		RevocationKeys keys = new RevocationKeys(RevocationKeys.DEFAULT_NAMESPACE);
		List<String> subjects = new ArrayList<>();
		for (int i = 0; subjects.size() < count && i < 100_000; i++) {
			String subject = "user-" + UUID.randomUUID();
			int slot = EmbeddedRedisCluster.slotForKey(keys.cutoffKey(subject));
			if (ranges.stream().anyMatch((range) -> slot >= range[0] && slot <= range[1])) {
				subjects.add(subject);
			}
		}
		return subjects;
	}

	/**
	 * Return a token record for a fresh token of the subject.
	 * @param subject the subject
	 * @param lifetimeSeconds the lifetime
	 * @return the record
	 */
	static TokenRecord record(String subject, long lifetimeSeconds) {
		Instant now = Instant.now();
		String id = UUID.randomUUID().toString();
		return new TokenRecord(id, subject, now, now.plusSeconds(lifetimeSeconds), Map.of("jti", id, "sub", subject));
	}

	/**
	 * Sum a numeric field of an INFO section.
	 * @param info the INFO text
	 * @param field the field name
	 * @return the value, or -1 when absent
	 */
	static long infoField(String info, String field) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		return -1;
	}

	/**
	 * Resume frozen nodes, restart stopped ones and wait until the cluster is healthy
	 * again.
	 * @param cluster the cluster
	 */
	static void heal(EmbeddedRedisCluster cluster) {
		for (RedisNode node : cluster.nodes()) {
			if (node.isFrozen()) {
				node.resume();
			}
			if (!node.isRunning()) {
				node.restart();
			}
		}
		cluster.awaitHealthy(Duration.ofSeconds(60));
	}

}
