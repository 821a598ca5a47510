package io.jwtredis.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.RevocationStatistics;
import io.jwtredis.core.RevocationStoreUnavailableException;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whole-cluster outages seen through HTTP: every node stopped, every node frozen, and a
 * replica that cannot acknowledge a revocation, each on a cluster of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOutageIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/** Allowance for a loaded 2-core machine on top of the configured timeout. */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static final String DOWN = "Revocation store is not answering";

	private static final String UP = "Revocation store is answering again";

	private static EmbeddedRedisCluster cluster;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ConfigurableApplicationContext context;

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedRedisCluster.builder().nodeTimeout(Duration.ofSeconds(2)).build().start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.stop();
		}
	}

	@AfterEach
	void closeContextAndHeal() {
		if (this.context != null) {
			this.context.close();
		}
		FaultTestApplication.heal(cluster);
	}

	@Test
	void requestWhenEveryNodeIsStoppedThenServiceUnavailableWithinTimeoutAndRecoversWithoutRestart(
			CapturedOutput output) throws Exception {
		this.context = FaultTestApplication.start(cluster, true, "jwt.redis.timeout=" + TIMEOUT.toMillis() + "ms");
		List<String> tokens = tokens(12);
		awaitStatus(tokens.get(0), 200, Duration.ofSeconds(30));
		for (String token : tokens) {
			assertThat(get(token).statusCode()).isEqualTo(200);
		}
		cluster.nodes().parallelStream().forEach(RedisNode::stop);
		long slowest = 0;
		long slowestLastRound = 0;
		for (int round = 0; round < 3; round++) {
			for (String token : tokens) {
				long started = System.nanoTime();
				HttpResponse<String> response = get(token);
				long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				slowest = Math.max(slowest, tookMillis);
				slowestLastRound = (round == 2) ? Math.max(slowestLastRound, tookMillis) : 0;
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
				assertThat(response.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(response.body()).contains("\"status\":503")
					.contains("\"title\":\"Service Unavailable\"")
					.doesNotContain("Exception")
					.doesNotContain("\tat ");
				assertThat(tookMillis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
			}
		}
		System.out.println("MEASURE all-nodes-stopped slowest 503 ms=" + slowest
				+ " slowest 503 once the connections are known to be down ms=" + slowestLastRound);
		assertThat(slowestLastRound).as("a connection known to be down fails at once, without queueing")
			.isLessThan(TIMEOUT.toMillis());
		long restarting = System.nanoTime();
		cluster.nodes().parallelStream().forEach(RedisNode::restart);
		cluster.awaitHealthy(Duration.ofSeconds(60));
		long healthy = System.nanoTime();
		int sentAfterRestart = awaitStatus(tokens.get(0), 200, Duration.ofSeconds(40));
		long recovered = System.nanoTime();
		long scriptsAfterRestart = 0;
		for (RedisNode master : cluster.masters()) {
			String stats = master.info("commandstats");
			scriptsAfterRestart += commandCalls(stats, "evalsha") + commandCalls(stats, "eval");
		}
		System.out.println("MEASURE requests after restart=" + sentAfterRestart + " scripts run by the restarted"
				+ " masters=" + scriptsAfterRestart);
		assertThat(scriptsAfterRestart).as("checks abandoned during the outage are not replayed")
			.isLessThanOrEqualTo(2L * sentAfterRestart);
		System.out.println(
				"MEASURE all-nodes-restarted cluster healthy ms=" + TimeUnit.NANOSECONDS.toMillis(healthy - restarting)
						+ " first 200 after healthy ms=" + TimeUnit.NANOSECONDS.toMillis(recovered - healthy));
		assertThat(TimeUnit.NANOSECONDS.toMillis(recovered - healthy)).as("recovery after the nodes are back")
			.isLessThan(8000);
		long steadyUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < steadyUntil) {
			for (String token : tokens) {
				assertThat(get(token).statusCode()).isEqualTo(200);
			}
		}
		for (RedisNode node : cluster.nodes()) {
			long clients = FaultTestApplication.infoField(node.info("clients"), "connected_clients");
			System.out.println("MEASURE connected_clients after recovery " + node.port() + "=" + clients);
			assertThat(clients).as("clients of %s", node).isLessThanOrEqualTo(6);
		}
		assertThat(count(output.getAll(), DOWN)).isEqualTo(1);
		assertThat(count(output.getAll(), UP)).isEqualTo(1);
	}

	@Test
	void requestWhenFailOpenAndEveryNodeIsStoppedThenAcceptedWithAWarningAndCounted(CapturedOutput output)
			throws Exception {
		this.context = FaultTestApplication.start(cluster, true, "jwt.redis.fail-open=true",
				"jwt.redis.timeout=" + TIMEOUT.toMillis() + "ms");
		List<String> tokens = tokens(6);
		MasterFailureIntegrationTests.awaitConnected(this.context.getBean(LettuceRevocationStore.class));
		assertThat(get(tokens.get(0)).statusCode()).isEqualTo(200);
		cluster.nodes().parallelStream().forEach(RedisNode::stop);
		for (String token : tokens) {
			assertThat(get(token).statusCode()).isEqualTo(200);
			assertThat(get(token).statusCode()).isEqualTo(200);
		}
		RevocationStatistics statistics = this.context.getBean(RevocationStatistics.class);
		assertThat(statistics.failedOpenCount()).isEqualTo(tokens.size() * 2L);
		assertThat(statistics.unavailableCount()).isZero();
		assertThat(count(output.getAll(), "fail-open")).isEqualTo(1);
		assertThat(output.getAll()).contains("WARN");
	}

	@Test
	void checkWhenFirstConnectionMeetsFrozenNodesThenFailsWithinTimeout() {
		cluster.nodes().forEach(RedisNode::freeze);
		try {
			this.context = FaultTestApplication.start(cluster, false, "jwt.redis.timeout=" + TIMEOUT.toMillis() + "ms");
			LettuceRevocationStore store = this.context.getBean(LettuceRevocationStore.class);
			long slowest = 0;
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				assertThatExceptionOfType(RevocationStoreUnavailableException.class)
					.isThrownBy(() -> store.check(FaultTestApplication.record("frozen-" + System.nanoTime(), 60)));
				slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			}
			System.out.println("MEASURE first connect to frozen nodes slowest failure ms=" + slowest);
			assertThat(slowest).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
		}
		finally {
			cluster.nodes().forEach(RedisNode::resume);
		}
	}

	@Test
	void logoutWhenReplicaOfOwningMasterIsFrozenThenServiceUnavailableAndARetryAfterItResumesGets204()
			throws Exception {
		this.context = FaultTestApplication.start(cluster, true, "jwt.redis.timeout=" + TIMEOUT.toMillis() + "ms",
				"jwt.redis.durability.timeout=1s");
		String subject = "logout-" + System.nanoTime();
		String token = TestTokens.sign(TestTokens.claims(subject).build());
		awaitStatus(token, 200, Duration.ofSeconds(30));
		RedisNode owner = cluster.masterForKey(new RevocationKeys(RevocationKeys.DEFAULT_NAMESPACE).cutoffKey(subject));
		RedisNode replica = replicaOf(owner);
		replica.freeze();
		long started = System.nanoTime();
		HttpResponse<String> logout = post("/auth/logout", token);
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		replica.resume();
		System.out
			.println("MEASURE logout with frozen replica answered " + logout.statusCode() + " in ms=" + tookMillis);
		assertThat(logout.statusCode()).isEqualTo(503);
		assertThat(logout.headers().firstValue("Retry-After")).isPresent();
		assertThat(tookMillis).isLessThan(Duration.ofSeconds(1).plus(TIMEOUT).plus(MARGIN).toMillis());
		assertThat(get(token).statusCode()).as("the write reached the master, so the token is already refused")
			.isEqualTo(401);
		awaitLogoutStatus(token, 204, Duration.ofSeconds(10));
	}

	private void awaitLogoutStatus(String token, int expected, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int status = post("/auth/logout", token).statusCode();
		while (status != expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
			status = post("/auth/logout", token).statusCode();
		}
		assertThat(status).as("a retried logout confirms the revocation once the replica is back").isEqualTo(expected);
	}

	private RedisNode replicaOf(RedisNode master) {
		for (RedisNode node : cluster.replicas()) {
			if (FaultTestApplication.infoField(node.info("replication"), "master_port") == master.port()) {
				return node;
			}
		}
		throw new IllegalStateException("No replica of " + master);
	}

	private List<String> tokens(int count) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tokens.add(TestTokens.sign(TestTokens.claims("outage-" + i + "-" + System.nanoTime()).build()));
		}
		return tokens;
	}

	private int awaitStatus(String token, int status, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int sent = 1;
		int last = get(token).statusCode();
		while (last != status) {
			assertThat(System.nanoTime()).as("status %d within %s, last %d", status, timeout, last)
				.isLessThan(deadline);
			Thread.sleep(100);
			sent++;
			last = get(token).statusCode();
		}
		return sent;
	}

	private HttpResponse<String> get(String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/api/me"))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(15))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(15))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	static int count(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
			count++;
		}
		return count;
	}

	static long commandCalls(String commandStats, String command) {
		Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}
