package io.jwtredis.embedded;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One {@code redis-server} process of an {@link EmbeddedRedisCluster}, bound to
 * {@code 127.0.0.1}, with its own directory, {@code nodes.conf} and append-only file.
 */
public final class RedisNode {

	/** The address every node binds to. */
	public static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Watchdog run by {@code sh}: {@code $1} is the JVM pid, {@code $2} the redis-server
	 * pid, {@code $3} the node directory and {@code $4} a directory to remove when empty.
	 * It exits when redis-server exits; when the JVM dies first it kills redis-server and
	 * removes the node directory.
	 */
	private static final String WATCHDOG_SCRIPT = String.join("\n",
			"alive() { kill -0 \"$1\" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' \"/proc/$1/status\"; }",
			"while alive \"$1\" && alive \"$2\"; do sleep 1; done", "if alive \"$2\"; then",
			"  kill -9 \"$2\" 2>/dev/null",
			"  n=0; while alive \"$2\" && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done",
			"  if [ -n \"$3\" ] && [ -d \"$3\" ]; then rm -rf -- \"$3\"; fi",
			"  if [ -n \"$4\" ]; then rmdir -- \"$4\" 2>/dev/null; fi", "fi", "");

	private final EmbeddedRedisCluster.Settings settings;

	private final String name;

	private final Path directory;

	private final Object lock = new Object();

	private volatile int port;

	private volatile @Nullable Process process;

	private volatile @Nullable Process watchdog;

	private volatile long pid = -1;

	private volatile boolean frozen;

	private @Nullable RespConnection connection;

	RedisNode(EmbeddedRedisCluster.Settings settings, String name, Path directory, int port) {
		this.settings = settings;
		this.name = name;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Return the host the node listens on.
	 * @return always {@code 127.0.0.1}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Return the client port (the TLS port when the cluster uses TLS).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return {@code host:port}.
	 * @return the node address
	 */
	public String address() {
		return HOST + ":" + this.port;
	}

	/**
	 * Return the pid of the current (or last) {@code redis-server} process.
	 * @return the pid, or {@code -1} when the node never started
	 */
	public long pid() {
		return this.pid;
	}

	/**
	 * Return the node's working directory (holding {@code nodes.conf}, the AOF and
	 * {@code redis.log}).
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return whether the {@code redis-server} process is alive (frozen counts as alive).
	 * @return {@code true} when the process is alive
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Return whether the process is currently stopped with {@link #freeze()}.
	 * @return {@code true} when frozen
	 */
	public boolean isFrozen() {
		return this.frozen && isRunning();
	}

	/**
	 * Return the current replication role as reported by the server.
	 * @return {@code master} or {@code slave}
	 */
	public String role() {
		String role = infoField(info("replication"), "role");
		if (role == null) {
			throw new IllegalStateException("No role in INFO replication of " + this);
		}
		return role;
	}

	/**
	 * Return this node's cluster node id ({@code CLUSTER MYID}).
	 * @return the 40 character node id
	 */
	public String nodeId() {
		return String.valueOf(execute("CLUSTER", "MYID"));
	}

	/**
	 * Suspend the process with {@code SIGSTOP}; it keeps its sockets but answers nothing.
	 */
	public void freeze() {
		requireRunning();
		signal("STOP");
		this.frozen = true;
	}

	/**
	 * Continue a frozen process with {@code SIGCONT}.
	 */
	public void resume() {
		requireRunning();
		signal("CONT");
		this.frozen = false;
	}

	/**
	 * Kill the process with {@code SIGKILL} and wait for its death.
	 */
	public void kill() {
		Process current = this.process;
		closeConnection();
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			awaitExit(current, STOP_TIMEOUT);
		}
		afterExit();
	}

	/**
	 * Stop the process gracefully ({@code SIGTERM}, repeated while Redis refuses to exit,
	 * for example during its initial AOF rewrite) and wait for it to exit; falls back to
	 * {@code SIGKILL} after 10 seconds.
	 */
	public void stop() {
		signalTerm();
		awaitStopped(System.nanoTime() + STOP_TIMEOUT.toNanos());
	}

	/**
	 * Start the process again on the same port and directory; it reads its
	 * {@code nodes.conf} and rejoins the cluster (an old master comes back as a replica
	 * when it was failed over).
	 */
	public void restart() {
		if (isRunning()) {
			throw new IllegalStateException(this + " is still running; stop() or kill() it first");
		}
		try {
			launch();
		}
		catch (PortInUseException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Run one command as the default user and return the decoded RESP2 reply.
	 * @param args the command and its arguments, for example {@code "GET", "key"}
	 * @return a {@link String}, {@link Long}, {@link List} or {@code null}
	 * @throws RedisCommandException when Redis replies with an error
	 * @throws UncheckedIOException when the node cannot be reached or times out (2 s)
	 * @throws IllegalStateException when the process is not running
	 */
	public @Nullable Object execute(String... args) {
		if (args.length == 0) {
			throw new IllegalArgumentException("No command given");
		}
		if (!isRunning()) {
			throw new IllegalStateException(this + " is not running");
		}
		synchronized (this.lock) {
			boolean reused = this.connection != null;
			try {
				return connection().execute(args);
			}
			catch (RedisCommandException ex) {
				throw ex;
			}
			catch (IOException ex) {
				closeConnection();
				if (reused && (ex instanceof EOFException || ex instanceof SocketException)) {
					try {
						return connection().execute(args);
					}
					catch (IOException retryEx) {
						closeConnection();
						throw new UncheckedIOException(this + ": " + retryEx.getMessage(), retryEx);
					}
				}
				throw new UncheckedIOException(this + ": " + ex.getMessage(), ex);
			}
			catch (RuntimeException ex) {
				closeConnection();
				throw ex;
			}
		}
	}

	/**
	 * Return the text of {@code INFO <section>}.
	 * @param section the section, for example {@code replication} or {@code commandstats}
	 * @return the INFO text
	 */
	public String info(String section) {
		return String.valueOf(execute("INFO", section));
	}

	/**
	 * Return the last lines of this node's {@code redis.log} and console output.
	 * @param lines the maximum number of lines per file
	 * @return the log tail (empty when there is no log)
	 */
	public String logTail(int lines) {
		StringBuilder tail = new StringBuilder();
		appendTail(tail, this.directory.resolve("console.log"), lines);
		appendTail(tail, this.directory.resolve("redis.log"), lines);
		return tail.toString();
	}

	@Override
	public String toString() {
		return "redis node " + this.name + " (" + address() + ")";
	}

	void setPort(int port) {
		this.port = port;
	}

	void signalTerm() {
		closeConnection();
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		if (this.frozen) {
			try {
				signal("CONT");
				this.frozen = false;
			}
			catch (RuntimeException ex) {
				current.destroyForcibly();
				return;
			}
		}
		current.destroy();
	}

	/**
	 * Wait for the process to exit, repeating {@code SIGTERM} every 500 ms (Redis ignores
	 * it while it cannot shut down safely) and sending {@code SIGKILL} at the deadline.
	 * @param deadline the {@link System#nanoTime()} deadline
	 */
	void awaitStopped(long deadline) {
		Process current = this.process;
		if (current != null) {
			while (!awaitExit(current, Duration.ofMillis(500))) {
				if (System.nanoTime() > deadline) {
					current.destroyForcibly();
					awaitExit(current, STOP_TIMEOUT);
					break;
				}
				current.destroy();
			}
		}
		afterExit();
	}

	/**
	 * Start the process and wait until it answers {@code PING}.
	 * @throws PortInUseException when the port or bus port could not be bound
	 */
	void launch() throws PortInUseException {
		try {
			Files.createDirectories(this.directory);
			Files.deleteIfExists(this.directory.resolve("console.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + this.directory, ex);
		}
		ProcessBuilder builder = new ProcessBuilder(arguments());
		builder.directory(this.directory.toFile());
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.directory.resolve("console.log").toFile());
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Process started;
		try {
			started = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.settings.executable(), ex);
		}
		this.process = started;
		this.pid = started.pid();
		this.frozen = false;
		startWatchdog(started.pid());
		awaitReady(started);
	}

	private List<String> arguments() {
		EmbeddedRedisCluster.Settings s = this.settings;
		String dir = this.directory.toAbsolutePath().toString();
		List<String> args = new ArrayList<>();
		args.add(s.executable().toString());
		if (s.tls() != null) {
			add(args, "port", "0");
			add(args, "tls-port", Integer.toString(this.port));
			add(args, "tls-cert-file", s.tls().certFile().toAbsolutePath().toString());
			add(args, "tls-key-file", s.tls().keyFile().toAbsolutePath().toString());
			add(args, "tls-ca-cert-file", s.tls().caCertFile().toAbsolutePath().toString());
			add(args, "tls-cluster", "yes");
			add(args, "tls-replication", "yes");
			add(args, "tls-auth-clients", "no");
		}
		else {
			add(args, "port", Integer.toString(this.port));
		}
		add(args, "bind", HOST);
		add(args, "dir", dir);
		add(args, "daemonize", "no");
		add(args, "logfile", this.directory.resolve("redis.log").toAbsolutePath().toString());
		add(args, "pidfile", this.directory.resolve("redis.pid").toAbsolutePath().toString());
		add(args, "cluster-enabled", "yes");
		add(args, "cluster-config-file", "nodes.conf");
		add(args, "cluster-node-timeout", Long.toString(s.nodeTimeout().toMillis()));
		add(args, "cluster-replica-validity-factor", "0");
		add(args, "appendonly", s.appendOnly() ? "yes" : "no");
		add(args, "save", "");
		add(args, "requirepass", s.password());
		add(args, "masterauth", s.password());
		for (EmbeddedRedisCluster.AclUser user : s.aclUsers()) {
			args.add("--user");
			args.add(user.name());
			args.add("on");
			args.add(">" + user.password());
			for (String rule : user.rules().trim().split("\\s+")) {
				if (!rule.isEmpty()) {
					args.add(rule);
				}
			}
		}
		for (String[] extra : s.extraArguments()) {
			add(args, extra[0], extra[1]);
		}
		return args;
	}

	private static void add(List<String> args, String name, String value) {
		args.add("--" + name);
		args.add(value);
	}

	private void startWatchdog(long redisPid) {
		Path root = this.settings.removableRoot();
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "jwt-redis-watchdog",
				Long.toString(ProcessHandle.current().pid()), Long.toString(redisPid),
				this.directory.toAbsolutePath().toString(), (root != null) ? root.toAbsolutePath().toString() : "");
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		try {
			this.watchdog = builder.start();
		}
		catch (IOException ex) {
			Process current = this.process;
			if (current != null) {
				current.destroyForcibly();
			}
			throw new UncheckedIOException("Could not start the watchdog shell for " + this, ex);
		}
	}

	private void awaitReady(Process started) throws PortInUseException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				awaitExit(started, STOP_TIMEOUT);
				afterExit();
				String tail = logTail(30);
				if (tail.contains("Address already in use")) {
					throw new PortInUseException(this + " could not bind its port or bus port:\n" + tail);
				}
				throw new IllegalStateException(
						this + " exited with code " + started.exitValue() + " while starting. Log tail:\n" + tail);
			}
			try (RespConnection probe = RespConnection.open(HOST, this.port, this.settings.password(),
					this.settings.sslContext(), RespConnection.DEFAULT_TIMEOUT)) {
				Object pong = probe.execute("PING");
				if ("PONG".equals(pong)) {
					return;
				}
			}
			catch (IOException | RuntimeException ex) {
				last = ex;
			}
			sleep(20);
		}
		started.destroyForcibly();
		awaitExit(started, STOP_TIMEOUT);
		afterExit();
		throw new IllegalStateException(this + " did not answer PING within " + START_TIMEOUT.toSeconds() + " s"
				+ ((last != null) ? " (last error: " + last + ")" : "") + ". Log tail:\n" + logTail(30));
	}

	private RespConnection connection() throws IOException {
		RespConnection current = this.connection;
		if (current == null) {
			current = RespConnection.open(HOST, this.port, this.settings.password(), this.settings.sslContext(),
					RespConnection.DEFAULT_TIMEOUT);
			this.connection = current;
		}
		return current;
	}

	private void closeConnection() {
		synchronized (this.lock) {
			RespConnection current = this.connection;
			this.connection = null;
			if (current != null) {
				current.close();
			}
		}
	}

	private void afterExit() {
		this.frozen = false;
		Process dog = this.watchdog;
		this.watchdog = null;
		if (dog != null && dog.isAlive()) {
			dog.destroy();
		}
	}

	private void requireRunning() {
		if (!isRunning()) {
			throw new IllegalStateException(this + " is not running");
		}
	}

	private void signal(String signal) {
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", "kill -" + signal + " \"$1\"", "jwt-redis-signal",
				Long.toString(this.pid));
		builder.redirectErrorStream(true);
		try {
			Process kill = builder.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.pid + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal, ex);
		}
	}

	private static boolean awaitExit(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	static @Nullable String infoField(String info, String field) {
		String prefix = field + ":";
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
		return null;
	}

	private static void appendTail(StringBuilder tail, Path file, int lines) {
		if (!Files.isRegularFile(file)) {
			return;
		}
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			if (all.isEmpty()) {
				return;
			}
			tail.append("--- ").append(file).append(" ---\n");
			for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
				tail.append(line).append('\n');
			}
		}
		catch (IOException | UncheckedIOException ex) {
			tail.append("(could not read ").append(file).append(": ").append(ex.getMessage()).append(")\n");
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Signals that a node could not bind its port, so another port should be tried.
	 */
	static final class PortInUseException extends Exception {

		private static final long serialVersionUID = 1L;

		PortInUseException(String message) {
			super(message);
		}

	}

}
