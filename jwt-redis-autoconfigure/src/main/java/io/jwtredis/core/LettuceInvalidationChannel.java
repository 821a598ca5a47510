package io.jwtredis.core;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link InvalidationChannel} on classic Redis pub/sub through Lettuce.
 * <p>
 * In a Redis Cluster a classic {@code PUBLISH} sent to any node is forwarded over the
 * cluster bus to every node, so one subscription on any one node receives every
 * instance's messages. (Sharded {@code SPUBLISH} would reach only the subscribers of the
 * shard that owns the channel's slot and needs Redis 7.) The channel publishes a
 * heartbeat carrying this instance's id every interval and reports it when it comes back
 * through the subscription; when heartbeats have not come back for twice the liveness
 * window the subscription is closed and opened again, which lets Lettuce pick another
 * node when the old one is gone.
 */
public final class LettuceInvalidationChannel implements InvalidationChannel {

	private static final Log logger = LogFactory.getLog(LettuceInvalidationChannel.class);

	private static final String HEARTBEAT = "h";

	private final Supplier<AbstractRedisClient> clientSupplier;

	private final String channel;

	private final Duration timeout;

	private final Duration heartbeatInterval;

	private final String instanceId = UUID.randomUUID().toString();

	private final Object lifecycleLock = new Object();

	private @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable Listener listener;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile @Nullable StatefulConnection<String, String> publisher;

	private volatile long lastHeartbeat = System.nanoTime();

	private volatile boolean closed;

	private volatile boolean silent;

	/**
	 * Create a channel.
	 * @param clientSupplier the Lettuce client, cluster or standalone
	 * @param channel the pub/sub channel name
	 * @param timeout the longest wait for Redis to take a message
	 * @param heartbeatInterval how often to send a heartbeat
	 */
	public LettuceInvalidationChannel(Supplier<AbstractRedisClient> clientSupplier, String channel, Duration timeout,
			Duration heartbeatInterval) {
		Assert.notNull(clientSupplier, "clientSupplier must not be null");
		Assert.hasText(channel, "channel must not be empty");
		this.clientSupplier = clientSupplier;
		this.channel = channel;
		this.timeout = timeout;
		this.heartbeatInterval = heartbeatInterval;
	}

	@Override
	public void start(Listener listener) {
		this.listener = listener;
		resume();
	}

	@Override
	public void resume() {
		synchronized (this.lifecycleLock) {
			if (this.closed || this.scheduler != null || this.listener == null) {
				return;
			}
			ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "jwt-redis-near-cache");
				thread.setDaemon(true);
				return thread;
			});
			this.lastHeartbeat = System.nanoTime();
			started.scheduleWithFixedDelay(this::tick, 0, this.heartbeatInterval.toNanos(), TimeUnit.NANOSECONDS);
			this.scheduler = started;
		}
	}

	@Override
	public void suspend() {
		synchronized (this.lifecycleLock) {
			ScheduledExecutorService running = this.scheduler;
			this.scheduler = null;
			if (running != null) {
				// Let a tick that is opening a connection finish, so that it is closed
				// below
				running.shutdown();
				try {
					if (!running.awaitTermination(3, TimeUnit.SECONDS)) {
						running.shutdownNow();
					}
				}
				catch (InterruptedException ex) {
					running.shutdownNow();
					Thread.currentThread().interrupt();
				}
			}
			closeQuietly(this.subscription, true);
			closeQuietly(this.publisher, true);
			this.subscription = null;
			this.publisher = null;
		}
	}

	@Override
	public void publish(String message) {
		StatefulConnection<String, String> connection = publisher();
		CompletableFuture<Long> sent = (connection instanceof StatefulRedisClusterConnection<String, String> cluster)
				? cluster.async().publish(this.channel, message).toCompletableFuture()
				: ((StatefulRedisConnection<String, String>) connection).async()
					.publish(this.channel, message)
					.toCompletableFuture();
		try {
			sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RevocationStoreUnavailableException("Interrupted while publishing an invalidation", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new RevocationStoreUnavailableException(
					"Failed to publish a near cache invalidation; the revocation is stored, retry to reach every instance",
					ex);
		}
	}

	/**
	 * Return the id that this instance's heartbeats carry.
	 * @return the id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public void close() {
		this.closed = true;
		suspend();
	}

	private void tick() {
		if (this.closed || Thread.currentThread().isInterrupted()) {
			return;
		}
		try {
			long silence = System.nanoTime() - this.lastHeartbeat;
			if (this.subscription != null && silence > this.heartbeatInterval.toNanos() * 8) {
				if (!this.silent) {
					logger.warn("Near cache heartbeats stopped coming back; subscribing again until they do");
					this.silent = true;
				}
				else {
					logger.debug("Near cache heartbeats still missing; subscribing again");
				}
				closeQuietly(this.subscription);
				this.subscription = null;
				this.lastHeartbeat = System.nanoTime();
			}
			if (this.subscription == null) {
				this.subscription = subscribe();
			}
			publisherAsync();
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Near cache heartbeat failed: " + ex.getClass().getSimpleName());
			}
		}
	}

	private void publisherAsync() {
		StatefulConnection<String, String> connection = publisher();
		String message = HEARTBEAT + " " + this.instanceId;
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			cluster.async().publish(this.channel, message);
		}
		else {
			((StatefulRedisConnection<String, String>) connection).async().publish(this.channel, message);
		}
	}

	private StatefulRedisPubSubConnection<String, String> subscribe() {
		AbstractRedisClient client = this.clientSupplier.get();
		StatefulRedisPubSubConnection<String, String> connection = (client instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(StringCodec.UTF8) : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String channel, String message) {
				received(message);
			}

		});
		connection.addListener(new RedisConnectionStateListener() {

			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
				interrupted();
			}

		});
		try {
			connection.async().subscribe(this.channel).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			closeQuietly(connection);
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("Failed to subscribe", ex);
		}
		return connection;
	}

	private void interrupted() {
		Listener current = this.listener;
		if (current != null && !this.closed) {
			current.onInterrupted();
		}
	}

	private void received(String message) {
		Listener current = this.listener;
		if (current == null) {
			return;
		}
		if (message.startsWith(HEARTBEAT + " ")) {
			if (message.endsWith(this.instanceId)) {
				this.lastHeartbeat = System.nanoTime();
				this.silent = false;
				current.onHeartbeat();
			}
			return;
		}
		current.onInvalidation(message);
	}

	private StatefulConnection<String, String> publisher() {
		StatefulConnection<String, String> current = this.publisher;
		if (current == null) {
			synchronized (this) {
				current = this.publisher;
				if (current == null) {
					AbstractRedisClient client = this.clientSupplier.get();
					current = (client instanceof RedisClusterClient cluster) ? cluster.connect(StringCodec.UTF8)
							: ((RedisClient) client).connect(StringCodec.UTF8);
					current.setTimeout(this.timeout);
					this.publisher = current;
				}
			}
		}
		return current;
	}

	private static void closeQuietly(@Nullable StatefulConnection<?, ?> connection) {
		closeQuietly(connection, false);
	}

	private static void closeQuietly(@Nullable StatefulConnection<?, ?> connection, boolean wait) {
		if (connection != null && connection.isOpen()) {
			try {
				if (wait) {
					connection.close();
				}
				else {
					connection.closeAsync();
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to close a near cache connection", ex);
			}
		}
	}

}
