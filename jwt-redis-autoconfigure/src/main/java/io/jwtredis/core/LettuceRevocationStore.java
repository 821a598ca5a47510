package io.jwtredis.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.Assert;

/**
 * {@link RevocationStore} on a Redis Cluster (or a single Redis server) through Lettuce.
 * <p>
 * Every operation on one token or subject is a single Lua script on the node that owns
 * the subject's slot (see {@link RevocationKeys} for the layout). Revocations are written
 * on a connection to the owning master and followed on that same connection by
 * {@code WAIT}, so that the acknowledgement counts the replicas of the node that took the
 * write.
 * <p>
 * No caller waits longer than its deadline: a check waits at most the configured
 * {@code timeout} (connecting included), a revocation at most {@code timeout} plus
 * {@code durabilityTimeout}. The first connection is made by a background thread that
 * callers join for no longer than their deadline; after a failed attempt callers fail at
 * once for {@link #RECONNECT_INTERVAL} before a new attempt starts. A command abandoned
 * at its deadline is cancelled, so Lettuce drops it instead of sending it when the node
 * comes back.
 * <p>
 * On a cluster, a failed call also asks Lettuce to reload the topology (at most one
 * reload at a time and one per {@link #TOPOLOGY_REFRESH_INTERVAL}). Lettuce's adaptive
 * triggers react to redirects and reconnects, but a master that hangs without closing its
 * sockets produces neither, so without this the client would keep sending to it until the
 * next periodic refresh, long after a replica has taken over. When a reload succeeds (the
 * cluster answers) while calls have kept failing for {@link #RECYCLE_AFTER}, the store
 * opens a fresh cluster connection in the background, swaps it in and closes the old one,
 * rather than wait out Lettuce's reconnect back-off of up to 30 s.
 */
public final class LettuceRevocationStore implements RevocationStore, SmartInitializingSingleton, AutoCloseable {

	private static final Log logger = LogFactory.getLog(LettuceRevocationStore.class);

	static final LuaScript CHECK = new LuaScript("""
			if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
			local cutoff = redis.call('GET', KEYS[2])
			if cutoff and tonumber(ARGV[1]) <= tonumber(cutoff) then return 2 end
			if #ARGV > 2 and redis.call('EXISTS', KEYS[3]) == 0 then
			  redis.call('HSET', KEYS[3], unpack(ARGV, 3))
			  redis.call('PEXPIRE', KEYS[3], ARGV[2])
			end
			return 0
			""");

	static final LuaScript ISSUE = new LuaScript("""
			local now = tonumber(ARGV[1])
			local iat = now
			local cutoff = redis.call('GET', KEYS[2])
			if cutoff and iat <= tonumber(cutoff) then iat = tonumber(cutoff) + 1 end
			local exp = iat + tonumber(ARGV[2])
			redis.call('HSET', KEYS[1], 'iat', tostring(iat), 'exp', tostring(exp), unpack(ARGV, 4))
			redis.call('EXPIRE', KEYS[1], exp - now + tonumber(ARGV[3]))
			return iat
			""");

	/**
	 * Sets the cut-off to the current second, or one past the current cut-off when that
	 * is not earlier: a token issued after the previous cut-off carries
	 * {@code iat = cut-off + 1} and must fall under the new one.
	 */
	static final LuaScript CUTOFF = new LuaScript("""
			local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
			local cutoff = math.max(current + 1, tonumber(ARGV[1]))
			redis.call('SET', KEYS[1], tostring(cutoff), 'EX', ARGV[2])
			return cutoff
			""");

	/** How long callers fail at once after a failed connection attempt. */
	static final Duration RECONNECT_INTERVAL = Duration.ofMillis(250);

	/** Shortest time between two topology reloads triggered by failed calls. */
	static final Duration TOPOLOGY_REFRESH_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long calls must keep failing before a reachable cluster gets a new connection.
	 */
	static final Duration RECYCLE_AFTER = Duration.ofSeconds(3);

	/** Longest wait in {@link #disconnect()} for a connection attempt in flight. */
	private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(3);

	/** Shortest time between two connection swaps. */
	private static final Duration RECYCLE_INTERVAL = Duration.ofSeconds(10);

	/** Shortest time without failures after which the store counts as recovered. */
	private static final Duration MIN_QUIET_PERIOD = Duration.ofSeconds(2);

	private final Supplier<AbstractRedisClient> clientSupplier;

	private final RevocationKeys keys;

	private final StoreSettings settings;

	private final StoreHealth health;

	private final AtomicReference<@Nullable CompletableFuture<StatefulConnection<String, String>>> connecting;

	private volatile long lastConnectFailure;

	private volatile @Nullable AbstractRedisClient client;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private final AtomicBoolean recycling = new AtomicBoolean();

	private volatile long lastRecycle = System.nanoTime();

	private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - TOPOLOGY_REFRESH_INTERVAL.toNanos());

	private volatile boolean closed;

	private volatile @Nullable StatefulConnection<String, String> connection;

	public LettuceRevocationStore(Supplier<AbstractRedisClient> clientSupplier, RevocationKeys keys,
			StoreSettings settings) {
		Assert.notNull(clientSupplier, "clientSupplier must not be null");
		Assert.notNull(keys, "keys must not be null");
		Assert.notNull(settings, "settings must not be null");
		this.clientSupplier = clientSupplier;
		this.keys = keys;
		this.settings = settings;
		this.connecting = new AtomicReference<>();
		Duration quietPeriod = settings.timeout().multipliedBy(4);
		this.health = new StoreHealth(logger,
				(quietPeriod.compareTo(MIN_QUIET_PERIOD) > 0) ? quietPeriod : MIN_QUIET_PERIOD,
				"Revocation store is not answering; revocation checks and revocations fail until it recovers",
				"Revocation store is answering again");
	}

	/**
	 * Start connecting in the background once the application context is ready, so that
	 * the first requests do not wait for the cluster topology; a failure is retried on
	 * first use.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		connectInBackground();
	}

	/**
	 * Start connecting in the background unless connected or connecting already.
	 */
	public void connectInBackground() {
		CompletableFuture<StatefulConnection<String, String>> attempt = this.connecting.get();
		if (this.connection == null && attempt == null) {
			CompletableFuture<StatefulConnection<String, String>> fresh = new CompletableFuture<>();
			if (this.connecting.compareAndSet(null, fresh)) {
				startConnecting(fresh);
			}
		}
	}

	@Override
	public RevocationStatus check(TokenRecord token) {
		RevocationKeys.TokenKeys tokenKeys = this.keys.forToken(token.subject(), token.tokenId());
		List<String> args = new ArrayList<>(2 + token.claims().size() * 2);
		args.add(Long.toString(token.issuedAt().getEpochSecond()));
		args.add(Long.toString(claimsTtl(token.expiresAt()).toMillis()));
		token.claims().forEach((name, value) -> {
			args.add(name);
			args.add(value);
		});
		Long answer = call("check", tokenKeys.cutoff(), (commands) -> CHECK.run(commands, ScriptOutputType.INTEGER,
				new String[] { tokenKeys.revoked(), tokenKeys.cutoff(), tokenKeys.claims() }, args));
		return switch (answer.intValue()) {
			case 0 -> RevocationStatus.ACTIVE;
			case 1 -> RevocationStatus.REVOKED;
			default -> RevocationStatus.REVOKED_BY_CUTOFF;
		};
	}

	@Override
	public Instant recordIssued(String tokenId, String subject, Instant now, Duration lifetime,
			Map<String, String> claims) {
		RevocationKeys.TokenKeys tokenKeys = this.keys.forToken(subject, tokenId);
		List<String> args = new ArrayList<>(3 + claims.size() * 2);
		args.add(Long.toString(now.getEpochSecond()));
		args.add(Long.toString(lifetime.toSeconds()));
		args.add(Long.toString(this.settings.clockSkew().toSeconds()));
		claims.forEach((name, value) -> {
			args.add(name);
			args.add(value);
		});
		Long issuedAt = call("record", tokenKeys.cutoff(), (commands) -> ISSUE.run(commands, ScriptOutputType.INTEGER,
				new String[] { tokenKeys.claims(), tokenKeys.cutoff() }, args));
		return Instant.ofEpochSecond(issuedAt);
	}

	@Override
	public void revoke(String tokenId, String subject, Instant expiresAt) {
		String key = this.keys.forToken(subject, tokenId).revoked();
		long ttlMillis = claimsTtl(expiresAt).toMillis();
		durableWrite(key, (commands) -> commands.psetex(key, ttlMillis, "1").toCompletableFuture());
	}

	@Override
	public void revokeAllIssuedBefore(String subject, Instant cutoff) {
		String key = this.keys.cutoffKey(subject);
		long ttlSeconds = this.settings.maxTokenLifetime().plus(this.settings.clockSkew()).toSeconds();
		List<String> args = List.of(Long.toString(cutoff.getEpochSecond()), Long.toString(ttlSeconds));
		durableWrite(key, (commands) -> CUTOFF.run(commands, ScriptOutputType.INTEGER, new String[] { key }, args));
	}

	/**
	 * Return the TTL of an entry about a token that expires at the given instant: the
	 * remaining lifetime plus the clock skew, at least one second.
	 * @param expiresAt the token's {@code exp}
	 * @return the TTL
	 */
	Duration claimsTtl(Instant expiresAt) {
		Duration remaining = Duration.between(this.settings.clock().instant(), expiresAt)
			.plus(this.settings.clockSkew());
		return (remaining.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : remaining;
	}

	private <T> T call(String operation, String key,
			Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<T>> command) {
		long deadline = deadline(this.settings.timeout());
		StatefulConnection<String, String> connection = connection(deadline);
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			requireOpen(operation, nodeConnection(operation, cluster, key));
		}
		else {
			requireOpen(operation, CompletableFuture.completedFuture(connection));
		}
		return await(operation, command.apply(routedCommands(connection)), deadline);
	}

	private CompletableFuture<StatefulRedisConnection<String, String>> nodeConnection(String operation,
			StatefulRedisClusterConnection<String, String> cluster, String key) {
		RedisClusterNode owner = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
		if (owner == null) {
			throw unavailable(operation, new IllegalStateException("No node serves the key's slot"));
		}
		return cluster.getConnectionAsync(owner.getNodeId());
	}

	/**
	 * Fail at once, rather than at the deadline, when Lettuce already knows that the
	 * connection to the owning node is down: a command sent now would only wait in
	 * Lettuce's disconnected buffer, and under load that buffer would grow for as long as
	 * the outage lasts.
	 */
	private void requireOpen(String operation, CompletableFuture<? extends StatefulConnection<?, ?>> node) {
		if (node.isDone() && !node.isCompletedExceptionally() && !node.join().isOpen()) {
			throw unavailable(operation, new RedisConnectionException("The connection to the owning node is down"));
		}
	}

	private void durableWrite(String key,
			Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<?>> write) {
		long writeDeadline = deadline(this.settings.timeout());
		long waitDeadline = writeDeadline + this.settings.durabilityTimeout().toNanos();
		StatefulConnection<String, String> connection = connection(writeDeadline);
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			RedisClusterNode owner = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
			if (owner == null) {
				throw unavailable("revoke", new IllegalStateException("No node serves the key's slot"));
			}
			int replicas = requiredReplicas(cluster, owner);
			CompletableFuture<StatefulRedisConnection<String, String>> nodeConnection = cluster
				.getConnectionAsync(owner.getNodeId());
			requireOpen("revoke", nodeConnection);
			StatefulRedisConnection<String, String> node = await("revoke", nodeConnection, writeDeadline);
			if (replicas == 0 && this.settings.replicas() == null) {
				String nodes = await("revoke", node.async().clusterNodes().toCompletableFuture(), writeDeadline);
				replicas = (countReplicas(nodes, owner.getNodeId()) > 0) ? 1 : 0;
			}
			writeAndWait(node.async(), write, replicas, writeDeadline, waitDeadline);
		}
		else {
			requireOpen("revoke", CompletableFuture.completedFuture(connection));
			writeAndWait(((StatefulRedisConnection<String, String>) connection).async(), write,
					(this.settings.replicas() != null) ? this.settings.replicas() : 0, writeDeadline, waitDeadline);
		}
	}

	private void writeAndWait(RedisClusterAsyncCommands<String, String> node,
			Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<?>> write, int replicas,
			long writeDeadline, long waitDeadline) {
		CompletableFuture<?> written = write.apply(node);
		if (replicas <= 0) {
			await("revoke", written, writeDeadline);
			return;
		}
		Duration waitTimeout = this.settings.durabilityTimeout();
		CompletableFuture<Long> acknowledged = node.waitForReplication(replicas, waitTimeout.toMillis())
			.toCompletableFuture();
		try {
			await("revoke", written, writeDeadline);
		}
		catch (RevocationStoreUnavailableException ex) {
			acknowledged.cancel(true);
			throw ex;
		}
		Long reached = await("revoke", acknowledged, waitDeadline);
		if (reached < replicas) {
			throw new RevocationStoreUnavailableException("Revocation reached " + reached + " of " + replicas
					+ " required replicas within " + waitTimeout.toMillis() + " ms; retry");
		}
	}

	/**
	 * Count the replicas of a master in a {@code CLUSTER NODES} reply, failed ones
	 * included: the fourth field of a replica's line is its master's id.
	 * @param clusterNodes the reply
	 * @param masterId the master's node id
	 * @return the number of replicas
	 */
	static int countReplicas(String clusterNodes, String masterId) {
		int count = 0;
		for (String line : clusterNodes.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length > 3 && fields[3].equals(masterId)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return the replicas a revocation waits for: the configured number, or one when the
	 * client's topology shows a replica of the owner. When it shows none, the caller asks
	 * the owner itself, so a stale or partial topology never lowers the bar.
	 */
	private int requiredReplicas(StatefulRedisClusterConnection<String, String> cluster, RedisClusterNode owner) {
		Integer configured = this.settings.replicas();
		if (configured != null) {
			return configured;
		}
		for (RedisClusterNode node : cluster.getPartitions()) {
			if (owner.getNodeId().equals(node.getSlaveOf())) {
				return 1;
			}
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<String, String> routedCommands(
			StatefulConnection<String, String> connection) {
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			return cluster.async();
		}
		return ((StatefulRedisConnection<String, String>) connection).async();
	}

	private StatefulConnection<String, String> connection(long deadline) {
		StatefulConnection<String, String> current = this.connection;
		if (current != null) {
			return current;
		}
		CompletableFuture<StatefulConnection<String, String>> attempt = this.connecting.get();
		if (attempt == null || (attempt.isCompletedExceptionally()
				&& System.nanoTime() - this.lastConnectFailure >= RECONNECT_INTERVAL.toNanos())) {
			CompletableFuture<StatefulConnection<String, String>> fresh = new CompletableFuture<>();
			if (this.connecting.compareAndSet(attempt, fresh)) {
				startConnecting(fresh);
			}
			attempt = this.connecting.get();
		}
		// Wait on a dependent stage: a caller that gives up must not cancel the attempt
		return await("connect", attempt.thenApply(Function.identity()), deadline);
	}

	private void startConnecting(CompletableFuture<StatefulConnection<String, String>> attempt) {
		Thread thread = new Thread(() -> {
			try {
				StatefulConnection<String, String> connected = connect();
				if (this.closed) {
					connected.close();
					attempt.completeExceptionally(new IllegalStateException("The revocation store is closed"));
					return;
				}
				this.connection = connected;
				attempt.complete(connected);
			}
			catch (Throwable ex) {
				this.lastConnectFailure = System.nanoTime();
				attempt.completeExceptionally(ex);
			}
		}, "jwt-redis-connect");
		thread.setDaemon(true);
		thread.start();
	}

	private void recycleConnection() {
		if (System.nanoTime() - this.lastRecycle < RECYCLE_INTERVAL.toNanos() || this.closed
				|| !this.recycling.compareAndSet(false, true)) {
			return;
		}
		this.lastRecycle = System.nanoTime();
		Thread thread = new Thread(() -> {
			try {
				StatefulConnection<String, String> fresh = connect();
				StatefulConnection<String, String> old = this.connection;
				this.connection = fresh;
				if (this.closed) {
					this.connection = null;
					fresh.closeAsync();
				}
				if (old != null && old.isOpen()) {
					old.closeAsync();
				}
				logger.debug("Replaced the revocation store connection after repeated failures");
			}
			catch (Throwable ex) {
				logger.debug("Failed to open a new revocation store connection: " + ex.getClass().getSimpleName());
			}
			finally {
				this.lastRecycle = System.nanoTime();
				this.recycling.set(false);
			}
		}, "jwt-redis-reconnect");
		thread.setDaemon(true);
		thread.start();
	}

	private StatefulConnection<String, String> connect() throws Exception {
		AbstractRedisClient client = this.clientSupplier.get();
		this.client = client;
		long timeout = this.settings.connectTimeout().toNanos();
		if (client instanceof RedisClusterClient cluster) {
			cluster.refreshPartitionsAsync().toCompletableFuture().get(timeout, TimeUnit.NANOSECONDS);
			CompletableFuture<StatefulRedisClusterConnection<String, String>> connecting = cluster
				.connectAsync(StringCodec.UTF8);
			try {
				return connecting.get(timeout, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				connecting.thenAccept(StatefulConnection::closeAsync);
				throw ex;
			}
		}
		if (client instanceof RedisClient standalone) {
			return standalone.connect(StringCodec.UTF8);
		}
		throw new IllegalStateException("Unsupported Redis client " + client.getClass().getName());
	}

	private static long deadline(Duration timeout) {
		return System.nanoTime() + timeout.toNanos();
	}

	private <T> T await(String operation, CompletionStage<T> stage, long deadline) {
		CompletableFuture<T> future = stage.toCompletableFuture();
		try {
			T value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			this.health.succeeded();
			return value;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw unavailable(operation, new TimeoutException("No answer in time"));
		}
		catch (ExecutionException ex) {
			throw unavailable(operation, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw unavailable(operation, ex);
		}
	}

	private RevocationStoreUnavailableException unavailable(String operation, Throwable cause) {
		this.health.failed(cause);
		refreshTopology();
		return new RevocationStoreUnavailableException(
				"Failed to " + operation + " in the revocation store: " + cause.getClass().getSimpleName(), cause);
	}

	private void refreshTopology() {
		if (!(this.client instanceof RedisClusterClient cluster) || this.connection == null) {
			return;
		}
		long now = System.nanoTime();
		long last = this.lastRefresh.get();
		if (now - last < TOPOLOGY_REFRESH_INTERVAL.toNanos() || !this.lastRefresh.compareAndSet(last, now)
				|| !this.refreshing.compareAndSet(false, true)) {
			return;
		}
		try {
			cluster.refreshPartitionsAsync().whenComplete((done, ex) -> {
				this.refreshing.set(false);
				if (ex != null) {
					logger.debug("Failed to reload the cluster topology: " + ex.getClass().getSimpleName());
				}
				else if (this.health.downForNanos() >= RECYCLE_AFTER.toNanos()) {
					recycleConnection();
				}
			});
		}
		catch (RuntimeException ex) {
			this.refreshing.set(false);
			logger.debug("Failed to reload the cluster topology: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Whether the last call to Redis succeeded.
	 * @return {@code false} while the store is failing
	 */
	public boolean isAvailable() {
		return this.health.isAvailable();
	}

	@Override
	public void close() {
		this.closed = true;
		disconnect();
	}

	/**
	 * Close the connection but stay usable: the next call connects again through the
	 * client supplier. Used when the application context stops (or pauses) before Spring
	 * Data shuts the Lettuce client down, so that a restarted context gets a connection
	 * from the new client. A connection attempt in flight is given up to 3 s to finish,
	 * and what it opened is closed too.
	 */
	public void disconnect() {
		CompletableFuture<StatefulConnection<String, String>> attempt = this.connecting.get();
		if (attempt != null && !attempt.isDone()) {
			try {
				attempt.get(Math.min(this.settings.connectTimeout().toMillis(), DISCONNECT_WAIT.toMillis()),
						TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.debug("Disconnecting while the revocation store was still connecting");
			}
		}
		this.connecting.compareAndSet(attempt, null);
		StatefulConnection<String, String> current = this.connection;
		this.connection = null;
		this.client = null;
		if (current != null && current.isOpen()) {
			try {
				current.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to close the revocation store connection", ex);
			}
		}
	}

	/**
	 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} when the node
	 * does not have it cached yet.
	 */
	static final class LuaScript {

		private final String body;

		private final String sha;

		LuaScript(String body) {
			this.body = body;
			this.sha = sha1(body);
		}

		<T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> commands, ScriptOutputType type,
				String[] keys, List<String> args) {
			String[] values = args.toArray(String[]::new);
			CompletableFuture<T> first = commands.<T>evalsha(this.sha, type, keys, values).toCompletableFuture();
			return first.exceptionallyCompose(
					(ex) -> isNoScript(ex) ? commands.<T>eval(this.body, type, keys, values).toCompletableFuture()
							: CompletableFuture.failedFuture(ex));
		}

		private static boolean isNoScript(Throwable ex) {
			Throwable current = ex;
			while (current != null) {
				if (current instanceof RedisNoScriptException
						|| (current.getMessage() != null && current.getMessage().startsWith("NOSCRIPT"))) {
					return true;
				}
				current = current.getCause();
			}
			return false;
		}

		private static String sha1(String text) {
			try {
				byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				return java.util.HexFormat.of().formatHex(digest);
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
