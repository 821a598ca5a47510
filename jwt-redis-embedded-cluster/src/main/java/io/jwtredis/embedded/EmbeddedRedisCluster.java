package io.jwtredis.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of {@code redis-server} processes on {@code 127.0.0.1} (by default
 * 3 masters with 1 replica each), for tests and local runs.
 * <p>
 * Every process is also guarded by a small {@code sh} watchdog that kills it within about
 * a second once the JVM is gone, so even {@code kill -9} of the JVM leaves no server
 * behind; a JVM shutdown hook stops running clusters on a normal exit.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

	/** Number of hash slots of a Redis Cluster. */
	public static final int SLOT_COUNT = 16384;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedisCluster.class);

	private static final int MIN_PORT = 15000;

	private static final int MAX_PORT = 22000;

	private static final int BUS_PORT_OFFSET = 10000;

	private static final int PORT_ATTEMPTS = 20;

	private static final Set<EmbeddedRedisCluster> LIVE = ConcurrentHashMap.newKeySet();

	private static final Set<Integer> RESERVED_PORTS = ConcurrentHashMap.newKeySet();

	private static final AtomicBoolean SHUTDOWN_HOOK = new AtomicBoolean();

	private final Builder config;

	private final List<RedisNode> nodes = new CopyOnWriteArrayList<>();

	private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private volatile @Nullable Path workDirectory;

	private volatile boolean createdWorkDirectory;

	private volatile @Nullable Settings settings;

	private volatile Duration startDuration = Duration.ZERO;

	private EmbeddedRedisCluster(Builder config) {
		this.config = config;
	}

	/**
	 * Return the {@code redis-server} executable that the nodes run, extracted on first
	 * use.
	 * @return the executable
	 */
	public static Path redisServerExecutable() {
		return RedisBinary.executable();
	}

	/**
	 * Return a builder with the defaults (3 masters, 1 replica each, random password, AOF
	 * on, 3 s node timeout).
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start every node, form the cluster and block until it is healthy.
	 * @return this cluster
	 * @throws IllegalStateException when the cluster cannot be started (every process
	 * started so far is stopped again)
	 */
	public EmbeddedRedisCluster start() {
		if (this.stopped.get()) {
			throw new IllegalStateException("This embedded Redis Cluster was stopped; build a new one");
		}
		if (!this.started.compareAndSet(false, true)) {
			throw new IllegalStateException("This embedded Redis Cluster was already started");
		}
		long begin = System.nanoTime();
		LIVE.add(this);
		installShutdownHook();
		try {
			doStart(begin + this.config.startTimeout.toNanos());
		}
		catch (RuntimeException ex) {
			String message = "Embedded Redis Cluster failed to start: " + ex.getMessage();
			stop();
			throw new IllegalStateException(message, ex);
		}
		this.startDuration = Duration.ofNanos(System.nanoTime() - begin);
		logger.debug("Embedded Redis Cluster started in {} ms: {}", this.startDuration.toMillis(), nodesProperty());
		return this;
	}

	/**
	 * Stop every process and delete the work directory; safe to call more than once.
	 */
	public void stop() {
		if (!this.stopped.compareAndSet(false, true)) {
			return;
		}
		try {
			for (RedisNode node : this.nodes) {
				node.signalTerm();
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			for (RedisNode node : this.nodes) {
				node.awaitStopped(deadline);
			}
			deleteWorkDirectory();
		}
		finally {
			RESERVED_PORTS.removeAll(this.ports);
			LIVE.remove(this);
		}
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Return whether {@link #start()} completed and {@link #stop()} was not called.
	 * @return {@code true} while the cluster is in use
	 */
	public boolean isStarted() {
		return this.started.get() && !this.stopped.get();
	}

	/**
	 * Return how long the last {@link #start()} took.
	 * @return the start duration
	 */
	public Duration startDuration() {
		return this.startDuration;
	}

	/**
	 * Return all nodes, masters first in their initial order.
	 * @return the nodes
	 */
	public List<RedisNode> nodes() {
		return Collections.unmodifiableList(new ArrayList<>(this.nodes));
	}

	/**
	 * Return the running, non-frozen nodes whose current role (INFO replication) is
	 * {@code master}.
	 * @return the masters
	 */
	public List<RedisNode> masters() {
		return nodesWithRole("master");
	}

	/**
	 * Return the running, non-frozen nodes whose current role is {@code slave}.
	 * @return the replicas
	 */
	public List<RedisNode> replicas() {
		return nodesWithRole("slave");
	}

	/**
	 * Return the password of the {@code default} user.
	 * @return the password
	 */
	public String password() {
		return this.config.password;
	}

	/**
	 * Return whether the nodes serve TLS only.
	 * @return {@code true} with TLS
	 */
	public boolean isTls() {
		return this.config.tls != null;
	}

	/**
	 * Return an SSL context trusting the configured CA, for clients of a TLS cluster.
	 * @return the SSL context, or {@code null} without TLS or before start
	 */
	public @Nullable SSLContext sslContext() {
		Settings current = this.settings;
		return (current != null) ? current.sslContext() : null;
	}

	/**
	 * Return the node addresses for {@code spring.data.redis.cluster.nodes}.
	 * @return {@code 127.0.0.1:p1,127.0.0.1:p2,...}
	 */
	public String nodesProperty() {
		return this.nodes.stream().map(RedisNode::address).collect(Collectors.joining(","));
	}

	/**
	 * Return the work directory holding one sub directory per node.
	 * @return the work directory, or {@code null} before start
	 */
	public @Nullable Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * Return the hash slot of a key, honouring {@code {hash tags}}.
	 * @param key the key
	 * @return the slot, {@code 0..16383}
	 */
	public static int slotForKey(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		int from = 0;
		int to = bytes.length;
		int open = indexOf(bytes, (byte) '{', 0);
		if (open >= 0) {
			int close = indexOf(bytes, (byte) '}', open + 1);
			if (close > open + 1) {
				from = open + 1;
				to = close;
			}
		}
		return crc16(bytes, from, to) & (SLOT_COUNT - 1);
	}

	/**
	 * Return the running master that currently owns the key's slot, as the masters
	 * themselves report it.
	 * @param key the key
	 * @return the owning node
	 * @throws IllegalStateException when no reachable master owns the slot
	 */
	public RedisNode masterForKey(String key) {
		int slot = slotForKey(key);
		RedisNode owner = null;
		long ownerEpoch = -1;
		for (RedisNode node : reachableNodes()) {
			try {
				ClusterNodesLine me = myself(ClusterNodesLine.parse(String.valueOf(node.execute("CLUSTER", "NODES"))));
				if (me.isMaster() && me.owns(slot) && me.configEpoch() > ownerEpoch) {
					owner = node;
					ownerEpoch = me.configEpoch();
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not ask {} for its slots", node, ex);
			}
		}
		if (owner == null) {
			throw new IllegalStateException("No running master owns slot " + slot + " of key '" + key + "'");
		}
		return owner;
	}

	/**
	 * Block until every running node reports {@code cluster_state:ok} with all slots
	 * covered, all nodes agree on slot ownership, every master has at least one replica
	 * whose link is up and in sync, and every node's {@code CLUSTER NODES} shows each
	 * replica with its master (clients read replicas from that view).
	 * @param timeout how long to wait
	 * @throws IllegalStateException when the cluster is not healthy in time
	 */
	public void awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String problem = healthProblem();
		while (problem != null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Embedded Redis Cluster not healthy after " + timeout.toMillis()
						+ " ms: " + problem + "\n" + logTails());
			}
			RedisNode.sleep(50);
			problem = healthProblem();
		}
	}

	/**
	 * Return whether the cluster is healthy right now (see
	 * {@link #awaitHealthy(Duration)}).
	 * @return {@code null} when healthy, otherwise a description of the first problem
	 */
	public @Nullable String healthProblem() {
		List<RedisNode> live = reachableNodes();
		if (live.isEmpty()) {
			return "no node is running";
		}
		Map<RedisNode, List<ClusterNodesLine>> views = new LinkedHashMap<>();
		Map<RedisNode, String> replication = new LinkedHashMap<>();
		for (RedisNode node : live) {
			try {
				String info = String.valueOf(node.execute("CLUSTER", "INFO"));
				String state = RedisNode.infoField(info, "cluster_state");
				if (!"ok".equals(state)) {
					return node + " reports cluster_state:" + state;
				}
				String assigned = RedisNode.infoField(info, "cluster_slots_assigned");
				String ok = RedisNode.infoField(info, "cluster_slots_ok");
				if (!String.valueOf(SLOT_COUNT).equals(assigned) || !String.valueOf(SLOT_COUNT).equals(ok)) {
					return node + " reports cluster_slots_assigned:" + assigned + " cluster_slots_ok:" + ok;
				}
				views.put(node, ClusterNodesLine.parse(String.valueOf(node.execute("CLUSTER", "NODES"))));
				replication.put(node, node.info("replication"));
			}
			catch (RuntimeException ex) {
				return node + " did not answer: " + ex.getMessage();
			}
		}
		Map<String, String> ownership = new HashMap<>();
		Map<Integer, RedisNode> mastersByPort = new HashMap<>();
		int ownedSlots = 0;
		for (RedisNode node : live) {
			String role = RedisNode.infoField(replication.get(node), "role");
			ClusterNodesLine me = myself(views.get(node));
			if ("master".equals(role)) {
				if (!me.isMaster() || me.slotCount() == 0) {
					return node + " is a master that owns no slots";
				}
				ownership.put(me.id(), me.slotsText());
				mastersByPort.put(node.port(), node);
				ownedSlots += me.slotCount();
			}
			else if (me.isMaster()) {
				return node + " is a replica but its cluster view still says master";
			}
		}
		if (ownedSlots != SLOT_COUNT) {
			return "running masters own " + ownedSlots + " slots, not " + SLOT_COUNT;
		}
		for (Map.Entry<RedisNode, List<ClusterNodesLine>> view : views.entrySet()) {
			for (ClusterNodesLine line : view.getValue()) {
				if (line.isMaster() && !line.slots().isEmpty() && !line.slotsText().equals(ownership.get(line.id()))) {
					return view.getKey() + " still sees node " + line.id() + " owning slots " + line.slotsText();
				}
			}
		}
		Map<Integer, Integer> replicasPerMaster = new HashMap<>();
		for (RedisNode node : live) {
			String info = replication.get(node);
			if (!"slave".equals(RedisNode.infoField(info, "role"))) {
				continue;
			}
			if (!"up".equals(RedisNode.infoField(info, "master_link_status"))) {
				return node + " has master_link_status:" + RedisNode.infoField(info, "master_link_status");
			}
			if (!"0".equals(RedisNode.infoField(info, "master_sync_in_progress"))) {
				return node + " is still syncing with its master";
			}
			String masterPort = RedisNode.infoField(info, "master_port");
			RedisNode master = (masterPort != null) ? mastersByPort.get(Integer.parseInt(masterPort)) : null;
			if (master == null) {
				return node + " replicates port " + masterPort + ", which is not a running master";
			}
			if (!replication.get(master).contains("port=" + node.port() + ",state=online")) {
				return master + " does not list replica " + node + " as online";
			}
			String replicaId = myself(views.get(node)).id();
			String masterId = myself(views.get(master)).id();
			for (Map.Entry<RedisNode, List<ClusterNodesLine>> view : views.entrySet()) {
				String seen = view.getValue()
					.stream()
					.filter((line) -> line.id().equals(replicaId))
					.map(ClusterNodesLine::masterId)
					.findFirst()
					.orElse("nothing");
				if (!seen.equals(masterId)) {
					return view.getKey() + " does not yet see " + node + " as a replica of " + master;
				}
			}
			replicasPerMaster.merge(master.port(), 1, Integer::sum);
		}
		if (this.config.replicasPerMaster > 0) {
			for (RedisNode master : mastersByPort.values()) {
				if (!replicasPerMaster.containsKey(master.port())) {
					return master + " has no replica in sync";
				}
			}
		}
		return null;
	}

	/**
	 * Return {@code INFO commandstats} summed over all running nodes. The commands this
	 * class sends itself ({@code info}, {@code cluster}, {@code auth}, {@code ping},
	 * {@code config}) are counted too.
	 * @return lower case command name to number of calls
	 */
	public Map<String, Long> commandCalls() {
		Map<String, Long> calls = new TreeMap<>();
		for (RedisNode node : reachableNodes()) {
			for (String line : node.info("commandstats").split("\r?\n")) {
				if (!line.startsWith("cmdstat_")) {
					continue;
				}
				int colon = line.indexOf(':');
				String name = line.substring("cmdstat_".length(), colon).toLowerCase(Locale.ROOT);
				for (String field : line.substring(colon + 1).split(",")) {
					if (field.startsWith("calls=")) {
						calls.merge(name, Long.parseLong(field.substring("calls=".length())), Long::sum);
					}
				}
			}
		}
		return calls;
	}

	/**
	 * Run {@code CONFIG RESETSTAT} on every running node.
	 */
	public void resetStats() {
		for (RedisNode node : reachableNodes()) {
			node.execute("CONFIG", "RESETSTAT");
		}
	}

	@Override
	public String toString() {
		return "EmbeddedRedisCluster[" + nodesProperty() + "]";
	}

	private void doStart(long deadline) {
		Path work = prepareWorkDirectory();
		TlsFiles tls = this.config.tls;
		Settings current = new Settings(RedisBinary.executable(), this.config.password, this.config.nodeTimeout,
				this.config.appendOnly, tls, (tls != null) ? trustingSslContext(tls.caCertFile()) : null,
				List.copyOf(this.config.aclUsers), List.copyOf(this.config.extraArguments),
				this.createdWorkDirectory ? work : null);
		this.settings = current;
		int total = this.config.masters * (1 + this.config.replicasPerMaster);
		for (int i = 0; i < total; i++) {
			checkNotStopped();
			Path dir = work.resolve("node-" + i);
			deleteRecursively(dir);
			RedisNode node = new RedisNode(current, "node-" + i, dir, 0);
			this.nodes.add(node);
			launchOnFreePort(node);
		}
		List<RedisNode> all = nodes();
		for (int i = 0; i < all.size(); i++) {
			all.get(i).execute("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
		}
		for (int m = 0; m < this.config.masters; m++) {
			int from = m * SLOT_COUNT / this.config.masters;
			int to = (m + 1) * SLOT_COUNT / this.config.masters - 1;
			String[] command = new String[2 + to - from + 1];
			command[0] = "CLUSTER";
			command[1] = "ADDSLOTS";
			for (int slot = from; slot <= to; slot++) {
				command[2 + slot - from] = Integer.toString(slot);
			}
			all.get(m).execute(command);
		}
		RedisNode first = all.get(0);
		for (RedisNode other : all.subList(1, all.size())) {
			first.execute("CLUSTER", "MEET", RedisNode.HOST, Integer.toString(other.port()));
		}
		awaitCondition(deadline, "every node to know every other node", () -> meetProblem(all.size()));
		List<String> ids = new ArrayList<>();
		for (RedisNode node : all) {
			ids.add(node.nodeId());
		}
		for (int r = this.config.masters; r < all.size(); r++) {
			int master = (r - this.config.masters) % this.config.masters;
			all.get(r).execute("CLUSTER", "REPLICATE", ids.get(master));
		}
		checkNotStopped();
		awaitHealthy(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
	}

	private Path prepareWorkDirectory() {
		try {
			Path work;
			if (this.config.workDirectory != null) {
				work = Files.createDirectories(this.config.workDirectory);
				this.createdWorkDirectory = false;
			}
			else {
				work = Files.createTempDirectory("jwt-redis-cluster-");
				this.createdWorkDirectory = true;
			}
			this.workDirectory = work;
			return work;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the work directory", ex);
		}
	}

	private void launchOnFreePort(RedisNode node) {
		String lastFailure = "";
		for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
			int port = reserveFreePort();
			node.setPort(port);
			try {
				node.launch();
				return;
			}
			catch (RedisNode.PortInUseException ex) {
				lastFailure = ex.getMessage();
				logger.debug("Port {} was taken, trying another one", port);
			}
		}
		throw new IllegalStateException(
				"Could not bind " + node + " after " + PORT_ATTEMPTS + " attempts: " + lastFailure);
	}

	private int reserveFreePort() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = random.nextInt(MIN_PORT, MAX_PORT);
			if (RESERVED_PORTS.contains(port) || RESERVED_PORTS.contains(port + BUS_PORT_OFFSET)) {
				continue;
			}
			if (isFree(port) && isFree(port + BUS_PORT_OFFSET) && RESERVED_PORTS.add(port)) {
				this.ports.add(port);
				return port;
			}
		}
		throw new IllegalStateException(
				"Found no free port pair p, p+" + BUS_PORT_OFFSET + " with p in [" + MIN_PORT + ", " + MAX_PORT + ")");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(RedisNode.HOST), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private @Nullable String meetProblem(int total) {
		for (RedisNode node : this.nodes) {
			List<ClusterNodesLine> view = ClusterNodesLine.parse(String.valueOf(node.execute("CLUSTER", "NODES")));
			if (view.size() != total) {
				return node + " knows " + view.size() + " of " + total + " nodes";
			}
			for (ClusterNodesLine line : view) {
				if (line.flags().contains("handshake") || line.flags().contains("noaddr")
						|| !"connected".equals(line.linkState())) {
					return node + " is still connecting to node " + line.id() + " " + line.flags();
				}
			}
		}
		return null;
	}

	private void awaitCondition(long deadline, String what, Supplier<@Nullable String> problem) {
		String current = problem.get();
		while (current != null) {
			checkNotStopped();
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out waiting for " + what + ": " + current + "\n" + logTails());
			}
			RedisNode.sleep(20);
			current = problem.get();
		}
	}

	private void checkNotStopped() {
		if (this.stopped.get()) {
			throw new IllegalStateException("The cluster was stopped while starting");
		}
	}

	private List<RedisNode> nodesWithRole(String role) {
		List<RedisNode> result = new ArrayList<>();
		for (RedisNode node : reachableNodes()) {
			try {
				if (role.equals(node.role())) {
					result.add(node);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not ask {} for its role", node, ex);
			}
		}
		return result;
	}

	private List<RedisNode> reachableNodes() {
		return this.nodes.stream().filter((node) -> node.isRunning() && !node.isFrozen()).toList();
	}

	private static ClusterNodesLine myself(List<ClusterNodesLine> view) {
		return view.stream()
			.filter(ClusterNodesLine::isMyself)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("CLUSTER NODES has no 'myself' line"));
	}

	private String logTails() {
		StringBuilder text = new StringBuilder();
		for (RedisNode node : this.nodes) {
			text.append(node).append(node.isRunning() ? "" : " (not running)").append(":\n").append(node.logTail(8));
		}
		return text.toString();
	}

	private void deleteWorkDirectory() {
		Path work = this.workDirectory;
		if (work == null) {
			return;
		}
		if (this.createdWorkDirectory) {
			deleteRecursively(work);
		}
		else {
			for (RedisNode node : this.nodes) {
				deleteRecursively(node.directory());
			}
		}
	}

	private static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		for (int attempt = 0; attempt < 3; attempt++) {
			try (Stream<Path> walk = Files.walk(path)) {
				for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(each);
				}
				return;
			}
			catch (IOException | UncheckedIOException ex) {
				RedisNode.sleep(50);
			}
		}
		logger.debug("Could not delete {}", path);
	}

	private static SSLContext trustingSslContext(Path caCertFile) {
		try (InputStream in = Files.newInputStream(caCertFile)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IllegalStateException("No certificate in " + caCertFile);
			}
			KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
			trustStore.load(null, null);
			int index = 0;
			for (Certificate certificate : certificates) {
				trustStore.setCertificateEntry("ca-" + index++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not load CA certificate " + caCertFile + ": " + ex.getMessage(), ex);
		}
	}

	private static void installShutdownHook() {
		if (SHUTDOWN_HOOK.compareAndSet(false, true)) {
			Thread hook = new Thread(EmbeddedRedisCluster::stopAll, "jwt-redis-embedded-cluster-shutdown");
			Runtime.getRuntime().addShutdownHook(hook);
		}
	}

	private static void stopAll() {
		for (EmbeddedRedisCluster cluster : List.copyOf(LIVE)) {
			if (!cluster.config.stopOnJvmExit) {
				continue;
			}
			try {
				cluster.stop();
			}
			catch (Throwable ex) {
				// keep stopping the others; the watchdogs cover what is left
			}
		}
	}

	private static int indexOf(byte[] bytes, byte value, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static int crc16(byte[] bytes, int from, int to) {
		int crc = 0;
		for (int i = from; i < to; i++) {
			crc ^= (bytes[i] & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? (crc << 1) ^ 0x1021 : crc << 1;
			}
			crc &= 0xFFFF;
		}
		return crc;
	}

	/**
	 * TLS files of the nodes.
	 *
	 * @param certFile the server certificate (PEM), with {@code 127.0.0.1} and
	 * {@code localhost} as subject alternative names
	 * @param keyFile the server private key (PEM)
	 * @param caCertFile the CA certificate (PEM) that signed it
	 */
	record TlsFiles(Path certFile, Path keyFile, Path caCertFile) {
	}

	/**
	 * An ACL user created on every node.
	 *
	 * @param name the user name
	 * @param password the password
	 * @param rules the ACL rules, separated by spaces
	 */
	record AclUser(String name, String password, String rules) {
	}

	/**
	 * What a node needs to build its command line.
	 *
	 * @param executable the redis-server executable
	 * @param password the default user's password
	 * @param nodeTimeout the cluster node timeout
	 * @param appendOnly whether AOF is on
	 * @param tls the TLS files, or {@code null}
	 * @param sslContext the client SSL context, or {@code null}
	 * @param aclUsers extra ACL users
	 * @param extraArguments extra name/value configuration pairs
	 * @param removableRoot the work directory a watchdog may remove once empty, or
	 * {@code null}
	 */
	record Settings(Path executable, String password, Duration nodeTimeout, boolean appendOnly, @Nullable TlsFiles tls,
			@Nullable SSLContext sslContext, List<AclUser> aclUsers, List<String[]> extraArguments,
			@Nullable Path removableRoot) {
	}

	/**
	 * Builder for an {@link EmbeddedRedisCluster}.
	 */
	public static final class Builder {

		private int masters = 3;

		private int replicasPerMaster = 1;

		private String password = randomPassword();

		private boolean appendOnly = true;

		private Duration nodeTimeout = Duration.ofSeconds(3);

		private boolean stopOnJvmExit = true;

		private Duration startTimeout = Duration.ofSeconds(30);

		private @Nullable Path workDirectory;

		private @Nullable TlsFiles tls;

		private final List<AclUser> aclUsers = new ArrayList<>();

		private final List<String[]> extraArguments = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Set the number of masters (default 3).
		 * @param masters at least 1
		 * @return this builder
		 */
		public Builder masters(int masters) {
			if (masters < 1) {
				throw new IllegalArgumentException("masters must be at least 1");
			}
			this.masters = masters;
			return this;
		}

		/**
		 * Set the number of replicas of each master (default 1).
		 * @param replicasPerMaster zero or more
		 * @return this builder
		 */
		public Builder replicasPerMaster(int replicasPerMaster) {
			if (replicasPerMaster < 0) {
				throw new IllegalArgumentException("replicasPerMaster must not be negative");
			}
			this.replicasPerMaster = replicasPerMaster;
			return this;
		}

		/**
		 * Set the password of the {@code default} user (default: 32 random hex
		 * characters).
		 * @param password a non-empty password
		 * @return this builder
		 */
		public Builder password(String password) {
			if (password == null || password.isEmpty()) {
				throw new IllegalArgumentException("password must not be empty");
			}
			this.password = password;
			return this;
		}

		/**
		 * Turn the append-only file on or off (default on).
		 * @param appendOnly whether to use AOF
		 * @return this builder
		 */
		public Builder appendOnly(boolean appendOnly) {
			this.appendOnly = appendOnly;
			return this;
		}

		/**
		 * Set {@code cluster-node-timeout} (default 3 s).
		 * @param nodeTimeout at least 100 ms
		 * @return this builder
		 */
		public Builder nodeTimeout(Duration nodeTimeout) {
			if (nodeTimeout.toMillis() < 100) {
				throw new IllegalArgumentException("nodeTimeout must be at least 100 ms");
			}
			this.nodeTimeout = nodeTimeout;
			return this;
		}

		/**
		 * Set how long {@link EmbeddedRedisCluster#start()} may take (default 30 s).
		 * @param startTimeout the start timeout
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
			return this;
		}

		/**
		 * Use this directory for the node directories (default: a fresh temporary
		 * directory, deleted on stop).
		 * @param workDirectory the directory
		 * @return this builder
		 */
		public Builder workDirectory(Path workDirectory) {
			this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
			return this;
		}

		/**
		 * Serve TLS only ({@code port 0}, {@code tls-port}, TLS on the cluster bus and
		 * for replication, client certificates not required).
		 * @param certFile server certificate (PEM) whose SANs include {@code 127.0.0.1}
		 * @param keyFile server private key (PEM)
		 * @param caCertFile CA certificate (PEM)
		 * @return this builder
		 */
		public Builder tls(Path certFile, Path keyFile, Path caCertFile) {
			this.tls = new TlsFiles(Objects.requireNonNull(certFile, "certFile"),
					Objects.requireNonNull(keyFile, "keyFile"), Objects.requireNonNull(caCertFile, "caCertFile"));
			return this;
		}

		/**
		 * Create an ACL user on every node (at start and at every restart).
		 * @param name the user name, not {@code default}
		 * @param password the user's password
		 * @param rules ACL rules separated by spaces, for example
		 * {@code "~jwt-redis:* +@read +@write"}
		 * @return this builder
		 */
		public Builder aclUser(String name, String password, String rules) {
			if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
				throw new IllegalArgumentException("ACL user name must be a non-empty word");
			}
			if ("default".equals(name)) {
				throw new IllegalArgumentException("Use password(...) for the default user");
			}
			if (password == null || password.isEmpty()) {
				throw new IllegalArgumentException("ACL user password must not be empty");
			}
			this.aclUsers.add(new AclUser(name, password, Objects.requireNonNull(rules, "rules")));
			return this;
		}

		/**
		 * Add any other {@code redis-server} configuration directive.
		 * @param name the directive name, with or without leading {@code --}
		 * @param value its value
		 * @return this builder
		 */
		public Builder extraArgument(String name, String value) {
			String directive = name.startsWith("--") ? name.substring(2) : name;
			if (directive.isBlank()) {
				throw new IllegalArgumentException("Directive name must not be empty");
			}
			this.extraArguments.add(new String[] { directive, Objects.requireNonNull(value, "value") });
			return this;
		}

		/**
		 * Whether a JVM shutdown hook stops the cluster (default {@code true}). Turn it
		 * off when the owner stops the cluster itself during shutdown, for example after
		 * an application has closed its Redis clients: the hook would otherwise race it.
		 * The per-node watchdogs still stop every node once the JVM is gone.
		 * @param stopOnJvmExit whether the shutdown hook stops this cluster
		 * @return this builder
		 */
		public Builder stopOnJvmExit(boolean stopOnJvmExit) {
			this.stopOnJvmExit = stopOnJvmExit;
			return this;
		}

		/**
		 * Build the (not yet started) cluster.
		 * @return the cluster
		 */
		public EmbeddedRedisCluster build() {
			Builder copy = new Builder();
			copy.masters = this.masters;
			copy.replicasPerMaster = this.replicasPerMaster;
			copy.password = this.password;
			copy.appendOnly = this.appendOnly;
			copy.nodeTimeout = this.nodeTimeout;
			copy.stopOnJvmExit = this.stopOnJvmExit;
			copy.startTimeout = this.startTimeout;
			copy.workDirectory = this.workDirectory;
			copy.tls = this.tls;
			copy.aclUsers.addAll(this.aclUsers);
			copy.extraArguments.addAll(this.extraArguments);
			return new EmbeddedRedisCluster(copy);
		}

		private static String randomPassword() {
			byte[] bytes = new byte[16];
			new SecureRandom().nextBytes(bytes);
			return HexFormat.of().formatHex(bytes);
		}

	}

}
