package io.jwtredis.core;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RevocationKeysTests {

	private final RevocationKeys keys = new RevocationKeys("jwt-redis");

	@Test
	void forTokenWhenAnySubjectThenAllKeysShareOneSlot() {
		RevocationKeys.TokenKeys tokenKeys = this.keys.forToken("alice", "id-1");
		int slot = SlotHash.getSlot(tokenKeys.revoked());
		assertThat(SlotHash.getSlot(tokenKeys.cutoff())).isEqualTo(slot);
		assertThat(SlotHash.getSlot(tokenKeys.claims())).isEqualTo(slot);
		assertThat(this.keys.cutoffKey("alice")).isEqualTo(tokenKeys.cutoff());
	}

	@Test
	void forTokenWhenSubjectHasBracesAndControlCharactersThenKeyHoldsOnlyTheDigest() {
		String hostile = "}{evil}:\n x".repeat(1000) + "ü";
		RevocationKeys.TokenKeys tokenKeys = this.keys.forToken(hostile, "{jti}");
		assertThat(tokenKeys.revoked()).matches("jwt-redis:\\{[A-Za-z0-9_-]{22}\\}:r:[A-Za-z0-9_-]{22}");
		assertThat(tokenKeys.cutoff()).matches("jwt-redis:\\{[A-Za-z0-9_-]{22}\\}:a");
		assertThat(tokenKeys.claims()).matches("jwt-redis:\\{[A-Za-z0-9_-]{22}\\}:c:[A-Za-z0-9_-]{22}");
	}

	@Test
	void forTokenWhenSubjectsDifferThenCutoffKeysDiffer() {
		assertThat(this.keys.cutoffKey("alice")).isNotEqualTo(this.keys.cutoffKey("alice "));
		assertThat(this.keys.cutoffKey("{alice}")).isNotEqualTo(this.keys.cutoffKey("alice"));
	}

	@Test
	void forTokenWhenSubjectNamesAnotherUsersTagThenSlotIsNotSteered() {
		String victimTag = this.keys.cutoffKey("bob").replaceAll(".*\\{(.*)\\}.*", "$1");
		String attacker = "{" + victimTag + "}";
		assertThat(this.keys.cutoffKey(attacker)).isNotEqualTo(this.keys.cutoffKey("bob"));
		assertThat(this.keys.cutoffKey(attacker)).doesNotContain(attacker);
	}

	@Test
	void constructorWhenNamespaceHasBracesThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RevocationKeys("a{b}"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RevocationKeys("a b"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RevocationKeys(""));
	}

}
