package io.jwtredis.embedded;

import java.util.stream.Collectors;

/**
 * Started in a separate JVM by {@link EmbeddedRedisClusterWatchdogIntegrationTests}:
 * starts a small cluster, prints its pids and work directory, then waits to be killed.
 */
public final class WatchdogChildMain {

	private WatchdogChildMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start();
		String pids = cluster.nodes()
			.stream()
			.map((node) -> Long.toString(node.pid()))
			.collect(Collectors.joining(","));
		System.out.println("READY " + pids + " " + cluster.workDirectory());
		System.out.flush();
		Thread.sleep(120_000);
	}

}
