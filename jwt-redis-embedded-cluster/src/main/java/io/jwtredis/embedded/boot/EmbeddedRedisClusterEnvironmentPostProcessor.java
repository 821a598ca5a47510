package io.jwtredis.embedded.boot;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jwtredis.embedded.EmbeddedRedisCluster;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts (or reuses, within one JVM) an {@link EmbeddedRedisCluster} and points
 * {@code spring.data.redis.cluster.nodes} and {@code spring.data.redis.password} at it
 * when no Redis is configured and {@code jwt.redis.embedded.enabled} is not
 * {@code false}.
 * <p>
 * The cluster is stopped when the last application context using it closes, and in any
 * case when the JVM exits. Optional properties: {@code jwt.redis.embedded.masters}
 * (default 3) and {@code jwt.redis.embedded.replicas-per-master} (default 1);
 * {@code spring.data.redis.password} and {@code spring.data.redis.username}, when set,
 * are used for the cluster's credentials.
 */
public class EmbeddedRedisClusterEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Set to {@code false} to never start an embedded cluster. */
	public static final String ENABLED_PROPERTY = "jwt.redis.embedded.enabled";

	/** Number of masters of the embedded cluster. */
	public static final String MASTERS_PROPERTY = "jwt.redis.embedded.masters";

	/** Number of replicas of each master of the embedded cluster. */
	public static final String REPLICAS_PROPERTY = "jwt.redis.embedded.replicas-per-master";

	/** Name of the property source this post processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "jwtRedisEmbeddedCluster";

	private static final String NODES = "spring.data.redis.cluster.nodes";

	private static final String HOST = "spring.data.redis.host";

	private static final String URL = "spring.data.redis.url";

	private static final String PASSWORD = "spring.data.redis.password";

	private static final String USERNAME = "spring.data.redis.username";

	private static final String RELEASE_BEAN_NAME = "jwtRedisEmbeddedClusterRelease";

	private final Log logger;

	/**
	 * Create the post processor; Spring Boot supplies the deferred log factory.
	 * @param logFactory the log factory
	 */
	public EmbeddedRedisClusterEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedRedisClusterEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, @Nullable SpringApplication application) {
		if ("false".equalsIgnoreCase(environment.getProperty(ENABLED_PROPERTY, "true").trim())) {
			return;
		}
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		if (StringUtils.hasText(environment.getProperty(NODES)) || StringUtils.hasText(environment.getProperty(HOST))
				|| StringUtils.hasText(environment.getProperty(URL))) {
			return;
		}
		String password = environment.getProperty(PASSWORD);
		String username = environment.getProperty(USERNAME);
		SharedEmbeddedRedisClusters.Key key = new SharedEmbeddedRedisClusters.Key(
				environment.getProperty(MASTERS_PROPERTY, Integer.class, 3),
				environment.getProperty(REPLICAS_PROPERTY, Integer.class, 1),
				StringUtils.hasLength(password) ? password : null,
				(StringUtils.hasText(username) && !"default".equals(username)) ? username : null);
		SharedEmbeddedRedisClusters.Lease lease = SharedEmbeddedRedisClusters.acquire(key, () -> build(key));
		EmbeddedRedisCluster cluster = lease.cluster();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(NODES, cluster.nodesProperty());
		properties.put(PASSWORD, cluster.password());
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		if (lease.startedCluster()) {
			this.logger.info("Started embedded Redis Cluster in " + cluster.startDuration().toMillis() + " ms: " + NODES
					+ "=" + cluster.nodesProperty());
		}
		else {
			this.logger.info("Using running embedded Redis Cluster: " + NODES + "=" + cluster.nodesProperty());
		}
		if (application != null) {
			application.addListeners(new ReleaseListener(lease));
		}
		// Spring's shutdown hook closes the application first, then runs this
		SpringApplication.getShutdownHandlers().add(lease::release);
	}

	private static EmbeddedRedisCluster build(SharedEmbeddedRedisClusters.Key key) {
		EmbeddedRedisCluster.Builder builder = EmbeddedRedisCluster.builder()
			.masters(key.masters())
			.replicasPerMaster(key.replicasPerMaster())
			.stopOnJvmExit(false);
		String password = key.password();
		if (password == null) {
			byte[] random = new byte[16];
			new SecureRandom().nextBytes(random);
			password = HexFormat.of().formatHex(random);
		}
		builder.password(password);
		String username = key.username();
		if (username != null) {
			builder.aclUser(username, password, "~* &* +@all");
		}
		return builder.build();
	}

	/**
	 * Releases the lease once the application context has destroyed its beans (so after
	 * its Redis clients are closed), or when the application fails to start.
	 */
	private static final class ReleaseListener implements ApplicationListener<ApplicationEvent> {

		private final SharedEmbeddedRedisClusters.Lease lease;

		ReleaseListener(SharedEmbeddedRedisClusters.Lease lease) {
			this.lease = lease;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ApplicationPreparedEvent prepared) {
				// Registered first, so destroyed last: after the connection factory. A
				// bean
				// factory of another kind leaves the release to the shutdown handler.
				if (prepared.getApplicationContext()
					.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
					registry.registerDisposableBean(RELEASE_BEAN_NAME, this.lease::release);
				}
			}
			else if (event instanceof ApplicationFailedEvent) {
				this.lease.release();
			}
		}

	}

}
