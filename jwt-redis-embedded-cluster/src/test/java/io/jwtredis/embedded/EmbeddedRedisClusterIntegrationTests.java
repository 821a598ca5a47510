package io.jwtredis.embedded;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EmbeddedRedisCluster} against one shared cluster of real processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedRedisClusterIntegrationTests {

	private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(30);

	private EmbeddedRedisCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = EmbeddedRedisCluster.builder()
			.nodeTimeout(Duration.ofSeconds(2))
			.aclUser("jwt", "jwt-secret", "~jwt-redis:* +@read +@write +ping")
			.build()
			.start();
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.stop();
		}
	}

	@Test
	@Order(1)
	void startWhenDefaultsThenThreeMastersWithOneReplicaEach() {
		assertThat(this.cluster.nodes()).hasSize(6);
		assertThat(this.cluster.masters()).hasSize(3);
		assertThat(this.cluster.replicas()).hasSize(3);
		assertThat(this.cluster.password()).matches("[0-9a-f]{32}");
		assertThat(this.cluster.nodesProperty().split(",")).hasSize(6).allMatch((n) -> n.startsWith("127.0.0.1:"));
		for (RedisNode node : this.cluster.nodes()) {
			assertThat(String.valueOf(node.execute("CLUSTER", "INFO"))).contains("cluster_state:ok")
				.contains("cluster_known_nodes:6")
				.contains("cluster_size:3");
		}
		for (RedisNode master : this.cluster.masters()) {
			assertThat(master.info("replication")).contains("connected_slaves:1").contains("state=online");
		}
		assertThat(this.cluster.healthProblem()).isNull();
	}

	@Test
	@Order(0)
	void startWhenReturnedThenEveryNodeSeesEachReplicaWithItsMaster() {
		for (RedisNode replica : this.cluster.replicas()) {
			String replicaId = replica.nodeId();
			String masterPort = RedisNode.infoField(replica.info("replication"), "master_port");
			String masterId = this.cluster.nodes()
				.stream()
				.filter((node) -> String.valueOf(node.port()).equals(masterPort))
				.findFirst()
				.orElseThrow()
				.nodeId();
			for (RedisNode node : this.cluster.nodes()) {
				List<ClusterNodesLine> view = ClusterNodesLine.parse(String.valueOf(node.execute("CLUSTER", "NODES")));
				assertThat(view).as("%s's view of %s", node, replica)
					.anySatisfy((line) -> assertThat(line.id() + " " + line.masterId())
						.isEqualTo(replicaId + " " + masterId));
			}
		}
	}

	@Test
	@Order(2)
	void startWhenDefaultsThenAppendOnlyIsOn() {
		for (RedisNode node : this.cluster.nodes()) {
			assertThat(node.execute("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
			assertThat(node.execute("CONFIG", "GET", "cluster-node-timeout"))
				.isEqualTo(List.of("cluster-node-timeout", "2000"));
		}
	}

	@Test
	@Order(3)
	void executeWhenNoPasswordThenNoauth() throws Exception {
		RedisNode node = this.cluster.nodes().get(0);
		try (RespConnection connection = RespConnection.open(node.host(), node.port(), null, null,
				Duration.ofSeconds(2))) {
			assertThatExceptionOfType(RedisCommandException.class).isThrownBy(() -> connection.execute("GET", "key"))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("NOAUTH"));
			assertThatExceptionOfType(RedisCommandException.class)
				.isThrownBy(() -> connection.execute("AUTH", "wrong-password"))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("WRONGPASS"));
		}
	}

	@Test
	@Order(4)
	void setWhenKeyWrittenThenReadableFromItsOwner() {
		String key = "jwt-redis:{subject-1}:a";
		RedisNode owner = this.cluster.masterForKey(key);
		assertThat(owner.execute("CLUSTER", "KEYSLOT", key)).isEqualTo((long) EmbeddedRedisCluster.slotForKey(key));
		assertThat(owner.execute("SET", key, "42")).isEqualTo("OK");
		assertThat(owner.execute("GET", key)).isEqualTo("42");
		RedisNode other = this.cluster.masters().stream().filter((m) -> m != owner).findFirst().orElseThrow();
		assertThatExceptionOfType(RedisCommandException.class).isThrownBy(() -> other.execute("GET", key))
			.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("MOVED ").endsWith("127.0.0.1:" + owner.port()));
	}

	@Test
	@Order(5)
	void aclUserWhenConfiguredThenLimitedToItsKeyPattern() throws Exception {
		String allowed = "jwt-redis:{acl}:r:1";
		String denied = "other:{acl}:r:1";
		RedisNode owner = this.cluster.masterForKey(allowed);
		try (RespConnection connection = RespConnection.open(owner.host(), owner.port(), null, null,
				Duration.ofSeconds(2))) {
			assertThat(connection.execute("AUTH", "jwt", "jwt-secret")).isEqualTo("OK");
			assertThat(connection.execute("SET", allowed, "1")).isEqualTo("OK");
			assertThatExceptionOfType(RedisCommandException.class)
				.isThrownBy(() -> connection.execute("SET", denied, "1"))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("NOPERM"));
		}
	}

	@Test
	@Order(6)
	void commandCallsWhenCommandsSentThenCountedAcrossNodes() {
		this.cluster.resetStats();
		for (int i = 0; i < 3; i++) {
			String key = "stats:" + i;
			this.cluster.masterForKey(key).execute("GET", key);
		}
		Map<String, Long> calls = this.cluster.commandCalls();
		assertThat(calls).containsEntry("get", 3L).doesNotContainKey("set");
		this.cluster.resetStats();
		assertThat(this.cluster.commandCalls()).doesNotContainKey("get");
	}

	@Test
	@Order(7)
	void freezeWhenFrozenThenUnresponsiveUntilResumed() throws Exception {
		RedisNode replica = this.cluster.replicas().get(0);
		replica.freeze();
		try {
			assertThat(replica.isFrozen()).isTrue();
			assertThat(replica.isRunning()).isTrue();
			assertThat(processState(replica.pid())).isIn("T", "t");
			assertThatExceptionOfType(java.io.IOException.class).isThrownBy(() -> {
				try (RespConnection connection = RespConnection.open(replica.host(), replica.port(),
						this.cluster.password(), null, Duration.ofMillis(300))) {
					connection.execute("PING");
				}
			});
			assertThat(this.cluster.replicas()).doesNotContain(replica);
		}
		finally {
			replica.resume();
		}
		assertThat(replica.isFrozen()).isFalse();
		assertThat(replica.execute("PING")).isEqualTo("PONG");
		this.cluster.awaitHealthy(HEALTHY_TIMEOUT);
	}

	@Test
	@Order(8)
	void killWhenMasterKilledThenReplicaIsPromotedAndClusterRecovers() {
		this.cluster.awaitHealthy(HEALTHY_TIMEOUT);
		String key = "jwt-redis:{failover}:a";
		RedisNode oldMaster = this.cluster.masterForKey(key);
		oldMaster.execute("SET", key, "before-failover");
		assertThat(oldMaster.execute("WAIT", "1", "2000")).isEqualTo(1L);
		RedisNode replica = this.cluster.replicas()
			.stream()
			.filter((r) -> r.info("replication").contains("master_port:" + oldMaster.port()))
			.findFirst()
			.orElseThrow();
		long oldPid = oldMaster.pid();
		oldMaster.kill();
		assertThat(oldMaster.isRunning()).isFalse();
		assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!("master".equals(replica.role()) && allRunningNodesOk())) {
			assertThat(System.nanoTime()).as("replica promoted within 20 s").isLessThan(deadline);
			RedisNode.sleep(100);
		}
		assertThat(this.cluster.masterForKey(key)).isSameAs(replica);
		assertThat(replica.execute("GET", key)).isEqualTo("before-failover");
		assertThat(this.cluster.masters()).hasSize(3).contains(replica).doesNotContain(oldMaster);
		oldMaster.restart();
		assertThat(oldMaster.pid()).isNotEqualTo(oldPid);
		this.cluster.awaitHealthy(HEALTHY_TIMEOUT);
		assertThat(oldMaster.role()).isEqualTo("slave");
		assertThat(this.cluster.masters()).hasSize(3);
		assertThat(this.cluster.replicas()).hasSize(3).contains(oldMaster);
		assertThat(oldMaster.execute("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
	}

	@Test
	@Order(9)
	void stopWhenCalledThenNoProcessOfTheClusterRemains() {
		List<Long> pids = this.cluster.nodes().stream().map(RedisNode::pid).toList();
		Path work = this.cluster.workDirectory();
		assertThat(pids).hasSize(6).allMatch((pid) -> ProcessHandle.of(pid).isPresent());
		this.cluster.stop();
		this.cluster.stop();
		for (long pid : pids) {
			Optional<ProcessHandle> handle = ProcessHandle.of(pid);
			assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
		}
		assertThat(this.cluster.nodes()).noneMatch(RedisNode::isRunning);
		assertThat(work).isNotNull();
		assertThat(Files.exists(work)).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.cluster.nodes().get(0).info(""));
	}

	private boolean allRunningNodesOk() {
		for (RedisNode node : this.cluster.nodes()) {
			if (!node.isRunning()) {
				continue;
			}
			try {
				if (!String.valueOf(node.execute("CLUSTER", "INFO")).contains("cluster_state:ok")) {
					return false;
				}
			}
			catch (UncheckedIOException | RedisCommandException ex) {
				return false;
			}
		}
		return true;
	}

	private static String processState(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	}

}
