package io.jwtredis.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One parsed line of {@code CLUSTER NODES}.
 *
 * @param id the node id
 * @param port the client port
 * @param flags the flags, such as {@code myself}, {@code master}, {@code slave},
 * {@code fail}
 * @param masterId the master's id for a replica, {@code -} otherwise
 * @param configEpoch the config epoch
 * @param linkState {@code connected} or {@code disconnected}
 * @param slots the owned slot ranges as {@code [from, to]} pairs
 */
record ClusterNodesLine(String id, int port, Set<String> flags, String masterId, long configEpoch, String linkState,
		List<int[]> slots) {

	static List<ClusterNodesLine> parse(String clusterNodes) {
		List<ClusterNodesLine> lines = new ArrayList<>();
		for (String raw : clusterNodes.split("\r?\n")) {
			String line = raw.trim();
			if (line.isEmpty()) {
				continue;
			}
			String[] parts = line.split(" ");
			if (parts.length < 8) {
				throw new IllegalStateException("Unexpected CLUSTER NODES line: " + line);
			}
			String address = parts[1];
			int at = address.indexOf('@');
			String hostPort = (at >= 0) ? address.substring(0, at) : address;
			int colon = hostPort.lastIndexOf(':');
			int port = (colon >= 0 && colon < hostPort.length() - 1) ? Integer.parseInt(hostPort.substring(colon + 1))
					: 0;
			Set<String> flags = new HashSet<>(Arrays.asList(parts[2].split(",")));
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < parts.length; i++) {
				String slot = parts[i];
				if (slot.startsWith("[")) {
					continue;
				}
				int dash = slot.indexOf('-');
				if (dash < 0) {
					int single = Integer.parseInt(slot);
					slots.add(new int[] { single, single });
				}
				else {
					slots.add(new int[] { Integer.parseInt(slot.substring(0, dash)),
							Integer.parseInt(slot.substring(dash + 1)) });
				}
			}
			lines.add(new ClusterNodesLine(parts[0], port, flags, parts[3], Long.parseLong(parts[6]), parts[7], slots));
		}
		return lines;
	}

	boolean isMyself() {
		return this.flags.contains("myself");
	}

	boolean isMaster() {
		return this.flags.contains("master");
	}

	boolean isFailing() {
		return this.flags.contains("fail") || this.flags.contains("fail?");
	}

	boolean owns(int slot) {
		for (int[] range : this.slots) {
			if (slot >= range[0] && slot <= range[1]) {
				return true;
			}
		}
		return false;
	}

	int slotCount() {
		int count = 0;
		for (int[] range : this.slots) {
			count += range[1] - range[0] + 1;
		}
		return count;
	}

	String slotsText() {
		StringBuilder text = new StringBuilder();
		for (int[] range : this.slots) {
			text.append(range[0]).append('-').append(range[1]).append(' ');
		}
		return text.toString().trim();
	}

}
