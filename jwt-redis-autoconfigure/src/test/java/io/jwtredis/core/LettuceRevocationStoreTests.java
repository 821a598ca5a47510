package io.jwtredis.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LettuceRevocationStoreTests {

	private static final String NODES = """
			a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460
			b1 127.0.0.1:7001@17001 master - 0 1 2 connected 5461-10922
			a2 127.0.0.1:7003@17003 slave a1 0 1 1 connected
			b2 127.0.0.1:7004@17004 slave,fail b1 0 1 2 disconnected
			c1 127.0.0.1:7002@17002 master - 0 1 3 connected 10923-16383
			""";

	@Test
	void countReplicasWhenMasterHasAReplicaThenCountsIt() {
		assertThat(LettuceRevocationStore.countReplicas(NODES, "a1")).isEqualTo(1);
	}

	@Test
	void countReplicasWhenTheReplicaHasFailedThenStillCountsIt() {
		assertThat(LettuceRevocationStore.countReplicas(NODES, "b1")).isEqualTo(1);
	}

	@Test
	void countReplicasWhenMasterHasNoReplicaThenZero() {
		assertThat(LettuceRevocationStore.countReplicas(NODES, "c1")).isZero();
	}

}
