package io.jwtredis.embedded.boot;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EmbeddedRedisClusterEnvironmentPostProcessor} with real Spring Boot
 * applications.
 */
class EmbeddedRedisClusterEnvironmentPostProcessorIntegrationTests {

	@AfterEach
	void noClusterLeftRunning() {
		assertThat(SharedEmbeddedRedisClusters.running()).isEmpty();
	}

	@Test
	void postProcessWhenNoRedisConfiguredThenStartsOneSharedClusterUntilLastContextCloses() throws Exception {
		ConfigurableApplicationContext first = run("--jwt.redis.embedded.masters=3");
		String nodes;
		List<Long> pids;
		try {
			ConfigurableEnvironment environment = first.getEnvironment();
			nodes = environment.getProperty("spring.data.redis.cluster.nodes");
			String password = environment.getProperty("spring.data.redis.password");
			assertThat(environment.getPropertySources()
				.contains(EmbeddedRedisClusterEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isTrue();
			assertThat(SharedEmbeddedRedisClusters.running()).hasSize(1);
			EmbeddedRedisCluster cluster = SharedEmbeddedRedisClusters.running().get(0);
			assertThat(nodes).isEqualTo(cluster.nodesProperty())
				.matches("(127\\.0\\.0\\.1:\\d+,){5}127\\.0\\.0\\.1:\\d+");
			assertThat(password).isEqualTo(cluster.password()).hasSize(32);
			pids = cluster.nodes().stream().map(RedisNode::pid).toList();
			assertThat(String.valueOf(cluster.nodes().get(0).execute("CLUSTER", "INFO"))).contains("cluster_state:ok");
			try (ConfigurableApplicationContext second = run()) {
				assertThat(second.getEnvironment().getProperty("spring.data.redis.cluster.nodes")).isEqualTo(nodes);
				assertThat(second.getEnvironment().getProperty("spring.data.redis.password")).isEqualTo(password);
				assertThat(SharedEmbeddedRedisClusters.running()).containsExactly(cluster);
			}
			assertThat(cluster.isStarted()).isTrue();
			assertThat(cluster.nodes().get(0).execute("PING")).isEqualTo("PONG");
		}
		finally {
			first.close();
		}
		assertThat(SharedEmbeddedRedisClusters.running()).isEmpty();
		for (long pid : pids) {
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		}
		String firstNode = nodes.split(",")[0];
		int port = Integer.parseInt(firstNode.substring(firstNode.indexOf(':') + 1));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			}
		});
	}

	@Test
	void postProcessWhenClusterNodesSetThenBacksOff() {
		try (ConfigurableApplicationContext context = run("--spring.data.redis.cluster.nodes=127.0.0.1:7000")) {
			assertBackedOff(context);
			assertThat(context.getEnvironment().getProperty("spring.data.redis.cluster.nodes"))
				.isEqualTo("127.0.0.1:7000");
		}
	}

	@Test
	void postProcessWhenHostSetThenBacksOff() {
		try (ConfigurableApplicationContext context = run("--spring.data.redis.host=localhost")) {
			assertBackedOff(context);
		}
	}

	@Test
	void postProcessWhenUrlSetThenBacksOff() {
		try (ConfigurableApplicationContext context = run("--spring.data.redis.url=redis://localhost:6379")) {
			assertBackedOff(context);
		}
	}

	@Test
	void postProcessWhenDisabledThenBacksOff() {
		try (ConfigurableApplicationContext context = run("--jwt.redis.embedded.enabled=false")) {
			assertBackedOff(context);
			assertThat(context.getEnvironment().getProperty("spring.data.redis.cluster.nodes")).isNull();
		}
	}

	private static void assertBackedOff(ConfigurableApplicationContext context) {
		assertThat(context.getEnvironment()
			.getPropertySources()
			.contains(EmbeddedRedisClusterEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(SharedEmbeddedRedisClusters.running()).isEmpty();
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] all = new String[args.length + 2];
		all[0] = "--spring.main.banner-mode=off";
		all[1] = "--spring.main.log-startup-info=false";
		System.arraycopy(args, 0, all, 2, args.length);
		return application.run(all);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
