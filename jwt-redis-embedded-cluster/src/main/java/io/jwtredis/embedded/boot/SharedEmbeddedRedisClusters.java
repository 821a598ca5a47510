package io.jwtredis.embedded.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.jwtredis.embedded.EmbeddedRedisCluster;
import org.jspecify.annotations.Nullable;

/**
 * Reference-counted embedded clusters shared by all application contexts of one JVM, one
 * per distinct configuration.
 */
final class SharedEmbeddedRedisClusters {

	private static final Map<Key, Entry> clusters = new LinkedHashMap<>();

	private SharedEmbeddedRedisClusters() {
	}

	/**
	 * Return a lease on the running cluster for the key, starting one when needed.
	 * @param key the cluster configuration
	 * @param factory builds a new (not started) cluster
	 * @return the lease, to be released when the application context closes
	 */
	static synchronized Lease acquire(Key key, Supplier<EmbeddedRedisCluster> factory) {
		Entry entry = clusters.get(key);
		if (entry == null || !entry.cluster.isStarted()) {
			EmbeddedRedisCluster cluster = factory.get().start();
			entry = new Entry(cluster);
			clusters.put(key, entry);
			entry.users = 1;
			return new Lease(key, cluster, true);
		}
		entry.users++;
		return new Lease(key, entry.cluster, false);
	}

	/**
	 * Return the clusters currently started by this class.
	 * @return the running clusters
	 */
	static synchronized List<EmbeddedRedisCluster> running() {
		List<EmbeddedRedisCluster> running = new ArrayList<>();
		for (Entry entry : clusters.values()) {
			if (entry.cluster.isStarted()) {
				running.add(entry.cluster);
			}
		}
		return running;
	}

	private static synchronized void release(Key key, EmbeddedRedisCluster cluster) {
		Entry entry = clusters.get(key);
		if (entry == null || entry.cluster != cluster) {
			return;
		}
		entry.users--;
		if (entry.users <= 0) {
			clusters.remove(key);
			cluster.stop();
		}
	}

	/**
	 * What makes two requested clusters interchangeable.
	 *
	 * @param masters number of masters
	 * @param replicasPerMaster replicas of each master
	 * @param password the requested password, or {@code null} for a random one
	 * @param username an extra ACL user with all permissions, or {@code null}
	 */
	record Key(int masters, int replicasPerMaster, @Nullable String password, @Nullable String username) {

		@Override
		public String toString() {
			return "Key[masters=" + this.masters + ", replicasPerMaster=" + this.replicasPerMaster + ", username="
					+ this.username + "]";
		}

	}

	/**
	 * One application context's use of a shared cluster.
	 */
	static final class Lease {

		private final Key key;

		private final EmbeddedRedisCluster cluster;

		private final boolean started;

		private final AtomicBoolean released = new AtomicBoolean();

		private Lease(Key key, EmbeddedRedisCluster cluster, boolean started) {
			this.key = key;
			this.cluster = cluster;
			this.started = started;
		}

		EmbeddedRedisCluster cluster() {
			return this.cluster;
		}

		boolean startedCluster() {
			return this.started;
		}

		/**
		 * Give the cluster back; the last release stops it. Idempotent.
		 */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				SharedEmbeddedRedisClusters.release(this.key, this.cluster);
			}
		}

	}

	private static final class Entry {

		private final EmbeddedRedisCluster cluster;

		private int users;

		Entry(EmbeddedRedisCluster cluster) {
			this.cluster = cluster;
		}

	}

}
