package io.jwtredis.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedRedisCluster#slotForKey(String)}.
 */
class EmbeddedRedisClusterSlotTests {

	@Test
	void slotForKeyWhenPlainKeyThenCrc16OfWholeKey() {
		assertThat(EmbeddedRedisCluster.slotForKey("foo")).isEqualTo(12182);
		assertThat(EmbeddedRedisCluster.slotForKey("123456789")).isEqualTo(0x31C3);
		assertThat(EmbeddedRedisCluster.slotForKey("")).isZero();
	}

	@Test
	void slotForKeyWhenHashTagThenOnlyTagIsHashed() {
		assertThat(EmbeddedRedisCluster.slotForKey("{user1000}.following"))
			.isEqualTo(EmbeddedRedisCluster.slotForKey("{user1000}.followers"))
			.isEqualTo(EmbeddedRedisCluster.slotForKey("user1000"));
		assertThat(EmbeddedRedisCluster.slotForKey("foo{bar}{zap}")).isEqualTo(EmbeddedRedisCluster.slotForKey("bar"));
	}

	@Test
	void slotForKeyWhenEmptyOrUnclosedTagThenWholeKeyIsHashed() {
		assertThat(EmbeddedRedisCluster.slotForKey("foo{}{bar}")).isNotEqualTo(EmbeddedRedisCluster.slotForKey("bar"));
		assertThat(EmbeddedRedisCluster.slotForKey("{}")).isEqualTo(EmbeddedRedisCluster.slotForKey("{}"));
		assertThat(EmbeddedRedisCluster.slotForKey("foo{bar")).isNotEqualTo(EmbeddedRedisCluster.slotForKey("bar"));
	}

}
