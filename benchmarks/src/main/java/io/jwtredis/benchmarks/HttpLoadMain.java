package io.jwtredis.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * Drives the packaged sample (started through Spring Boot's {@code PropertiesLauncher},
 * with Caffeine and this module's classes added on {@code loader.path}) with a Java HTTP
 * client: the same application with revocation off (a store that never calls Redis), on
 * (one round trip per request) and on with the near cache, all against one embedded
 * cluster, in one run, with the same tokens, taking turns so that drift in machine load
 * hits every variant alike.
 * <p>
 * Arguments:
 * {@code jar=samples/jwt-redis-sample/target/jwt-redis-sample-0.1.0-SNAPSHOT.jar} and
 * optionally {@code seconds=8 rounds=3 connections=16}, and {@code jfr=<directory>} to
 * record each sample process with Java Flight Recorder ({@code sample-<port>.jfr}). A
 * recording holds the command line, which carries the benchmark's own throwaway secret
 * and Redis password.
 */
public final class HttpLoadMain {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private HttpLoadMain() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(
				Map.of("jar", "samples/jwt-redis-sample/target/jwt-redis-sample-0.1.0-SNAPSHOT.jar", "seconds", "8",
						"rounds", "3", "connections", "16"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		Path jar = Path.of(options.get("jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("No sample jar at " + jar + "; build it with ./mvnw -q -pl "
					+ "samples/jwt-redis-sample -am package -DskipTests");
		}
		Duration duration = Duration.ofSeconds(Long.parseLong(options.get("seconds")));
		int rounds = Integer.parseInt(options.get("rounds"));
		int connections = Integer.parseInt(options.get("connections"));
		List<Process> processes = new ArrayList<>();
		Thread cleanup = new Thread(() -> processes.forEach(Process::destroyForcibly));
		Runtime.getRuntime().addShutdownHook(cleanup);
		BenchmarkCluster redis = new BenchmarkCluster();
		try {
			Map<String, Integer> ports = new LinkedHashMap<>();
			ports.put("off", freePort());
			ports.put("on", freePort());
			ports.put("on+near-cache", freePort());
			List<String> common = List.of("--spring.data.redis.cluster.nodes=" + redis.cluster.nodesProperty(),
					"--spring.data.redis.password=" + redis.cluster.password(), "--jwt.redis.embedded.enabled=false",
					"--jwt.redis.secret=" + BenchmarkCluster.SECRET, "--logging.level.root=WARN");
			String jfr = options.get("jfr");
			processes.add(start(jar, ports.get("off"), jfr, common, "--benchmark.revocation-off=true"));
			processes.add(start(jar, ports.get("on"), jfr, common));
			processes.add(start(jar, ports.get("on+near-cache"), jfr, common, "--jwt.redis.near-cache.enabled=true",
					"--management.endpoints.web.exposure.include=health,metrics"));
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
			for (int port : ports.values()) {
				awaitUp(client, port);
			}
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				tokens.add(login(client, ports.get("on"), (i % 2 == 0) ? "alice" : "bob"));
			}
			Map<String, Result> results = new LinkedHashMap<>();
			for (String variant : ports.keySet()) {
				load(client, ports.get(variant), tokens, Duration.ofSeconds(3), connections);
				results.put(variant, new Result());
			}
			for (int round = 0; round < rounds; round++) {
				for (String variant : ports.keySet()) {
					results.get(variant).add(load(client, ports.get(variant), tokens, duration, connections));
				}
			}
			double offRate = results.get("off").rate();
			System.out.printf("%n%-14s | %10s | %8s | %8s | %7s | %s%n", "variant", "req/s", "p50 ms", "p99 ms",
					"errors", "throughput vs off");
			for (Map.Entry<String, Result> entry : results.entrySet()) {
				Result result = entry.getValue();
				System.out.printf("%-14s | %10.0f | %8.2f | %8.2f | %7d | %.2fx%n", entry.getKey(), result.rate(),
						result.percentile(0.50) / 1e6, result.percentile(0.99) / 1e6, result.errors,
						result.rate() / offRate);
			}
			for (String result : List.of("hit", "miss")) {
				HttpResponse<String> metric = client.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + ports.get("on+near-cache")
							+ "/actuator/metrics/jwt.redis.near-cache.requests?tag=result:" + result))
					.header("Authorization", "Bearer " + tokens.get(0))
					.build(), HttpResponse.BodyHandlers.ofString());
				Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.E]+)").matcher(metric.body());
				System.out
					.println("near cache " + result + " count: " + (value.find() ? value.group(1) : metric.body()));
			}
			System.out.printf("(%d connections, %d rounds x %d s per variant, %d tokens of 2 users, GET /api/me)%n",
					connections, rounds, duration.toSeconds(), tokens.size());
		}
		finally {
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
				}
			}
			Runtime.getRuntime().removeShutdownHook(cleanup);
			redis.close();
		}
	}

	private static Process start(Path jar, int port, @Nullable String jfr, List<String> common, String... extra)
			throws IOException {
		String loaderPath = location(HttpLoadMain.class) + "," + location(Caffeine.class);
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m"));
		if (jfr != null) {
			command.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename="
					+ Path.of(jfr, "sample-" + port + ".jfr").toAbsolutePath());
		}
		command.addAll(List.of("-cp", jar.toString(), "-Dloader.path=" + loaderPath,
				"-Dloader.main=io.jwtredis.sample.SampleApplication",
				"org.springframework.boot.loader.launch.PropertiesLauncher"));
		command.add("--server.port=" + port);
		command.addAll(common);
		command.addAll(Arrays.asList(extra));
		File log = File.createTempFile("jwt-redis-sample-" + port + "-", ".log");
		System.out.println("starting sample on port " + port + " " + Arrays.toString(extra) + ", log " + log);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void awaitUp(HttpClient client, int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("Sample on port " + port + " did not start; see its log");
	}

	private static String login(HttpClient client, int port, String user) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth/token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher matcher = ACCESS_TOKEN.matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IllegalStateException("Login failed with status " + response.statusCode());
		}
		return matcher.group(1);
	}

	private static Result load(HttpClient client, int port, List<String> tokens, Duration duration, int connections)
			throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/api/me");
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Future<Result>> futures = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			int offset = c;
			futures.add(pool.submit(() -> {
				Result result = new Result();
				int i = offset;
				while (System.nanoTime() < end) {
					HttpRequest request = HttpRequest.newBuilder(uri)
						.header("Authorization", "Bearer " + tokens.get(i++ % tokens.size()))
						.build();
					long sent = System.nanoTime();
					HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
					result.record(System.nanoTime() - sent, response.statusCode() == 200);
				}
				return result;
			}));
		}
		Result total = new Result();
		for (Future<Result> future : futures) {
			total.add(future.get());
		}
		total.nanos = System.nanoTime() - start;
		pool.shutdown();
		return total;
	}

	/**
	 * Latencies and counts of one or more load runs.
	 */
	static final class Result {

		private long[] latencies = new long[1 << 14];

		private int count;

		private long errors;

		private long nanos;

		void record(long latency, boolean ok) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = latency;
			if (!ok) {
				this.errors++;
			}
		}

		void add(Result other) {
			for (int i = 0; i < other.count; i++) {
				record(other.latencies[i], true);
			}
			this.errors += other.errors;
			this.nanos += other.nanos;
		}

		double rate() {
			return this.count / (this.nanos / 1e9);
		}

		double percentile(double fraction) {
			long[] sorted = Arrays.copyOf(this.latencies, this.count);
			Arrays.sort(sorted);
			return sorted[Math.min(this.count - 1, (int) (fraction * this.count))];
		}

	}

}
