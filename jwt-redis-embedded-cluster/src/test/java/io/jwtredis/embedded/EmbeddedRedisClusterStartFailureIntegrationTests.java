package io.jwtredis.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests that a failing {@link EmbeddedRedisCluster#start()} explains itself and leaves
 * nothing behind.
 */
class EmbeddedRedisClusterStartFailureIntegrationTests {

	@TempDir
	Path work;

	@Test
	void startWhenBadDirectiveThenIllegalStateWithLogTailAndNothingLeft() throws Exception {
		EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
			.workDirectory(this.work)
			.extraArgument("no-such-directive", "1")
			.build();
		assertThatIllegalStateException().isThrownBy(cluster::start)
			.withMessageContaining("Embedded Redis Cluster failed to start")
			.withMessageContaining("no-such-directive");
		assertThat(cluster.isStarted()).isFalse();
		assertThat(cluster.nodes()).noneMatch(RedisNode::isRunning);
		try (var remaining = Files.list(this.work)) {
			assertThat(remaining).isEmpty();
		}
		assertThatIllegalStateException().isThrownBy(cluster::start).withMessageContaining("stopped");
	}

}
