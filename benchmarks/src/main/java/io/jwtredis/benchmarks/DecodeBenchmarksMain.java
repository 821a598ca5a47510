package io.jwtredis.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecodeBenchmarks} with 1 and then 8 threads in one run and prints ops/s and
 * the ratio of each variant's time per token to the native decoder's.
 * <p>
 * Arguments (all optional): {@code warmups=3 iterations=5 seconds=2 threads=1,8}.
 */
public final class DecodeBenchmarksMain {

	private DecodeBenchmarksMain() {
	}

	public static void main(String[] args) throws RunnerException {
		Map<String, String> options = new HashMap<>(
				Map.of("warmups", "3", "iterations", "5", "seconds", "2", "threads", "1,8"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		List<String> report = new ArrayList<>();
		for (String threads : options.get("threads").split(",")) {
			TimeValue time = TimeValue.seconds(Long.parseLong(options.get("seconds")));
			Options jmh = new OptionsBuilder().include(DecodeBenchmarks.class.getName() + "\\.")
				.forks(1)
				.threads(Integer.parseInt(threads))
				.warmupIterations(Integer.parseInt(options.get("warmups")))
				.warmupTime(time)
				.measurementIterations(Integer.parseInt(options.get("iterations")))
				.measurementTime(time)
				.jvmArgs("-Xmx1g")
				.build();
			Collection<RunResult> results = new Runner(jmh).run();
			report.addAll(summary(threads, results));
		}
		System.out.println();
		report.forEach(System.out::println);
	}

	private static List<String> summary(String threads, Collection<RunResult> results) {
		Map<String, double[]> scores = new HashMap<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.') + 1);
			scores.put(name,
					new double[] { result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError() });
		}
		double nativeScore = scores.get("nativeNimbus")[0];
		List<String> lines = new ArrayList<>();
		lines.add(String.format("threads=%s | %-26s | %12s | %10s | %14s", threads, "variant", "ops/s", "+/- (99.9%)",
				"time vs native"));
		for (String name : List.of("nativeNimbus", "decoratorOnly", "revocationCheckNearCache", "revocationCheck",
				"prototypeMgetCheck", "naiveTwoRoundTrips")) {
			double[] score = scores.get(name);
			if (score != null) {
				lines.add(String.format("threads=%s | %-26s | %12.0f | %10.0f | %13.2fx", threads, name, score[0],
						score[1], nativeScore / score[0]));
			}
		}
		double[] ours = scores.get("revocationCheck");
		double[] naive = scores.get("naiveTwoRoundTrips");
		if (ours != null && naive != null) {
			lines.add(String.format("threads=%s | revocationCheck is %.2fx faster than naiveTwoRoundTrips", threads,
					ours[0] / naive[0]));
		}
		double[] mget = scores.get("prototypeMgetCheck");
		if (mget != null && naive != null) {
			lines.add(String.format("threads=%s | prototypeMgetCheck is %.2fx faster than naiveTwoRoundTrips", threads,
					mget[0] / naive[0]));
		}
		return lines;
	}

}
