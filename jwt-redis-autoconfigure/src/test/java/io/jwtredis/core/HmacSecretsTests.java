package io.jwtredis.core;

import java.util.Base64;

import io.jwtredis.core.HmacSecrets.InvalidSecretException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HmacSecretsTests {

	@Test
	void toKeyWhenTextOf32BytesThenAccepted() {
		assertThat(HmacSecrets.toKey("0123456789abcdef0123456789abcdef").getEncoded()).hasSize(32);
	}

	@Test
	void toKeyWhenTextShorterThan32BytesThenRejectedWithoutShowingIt() {
		String secret = "short-secret-31-bytes-long-abcd";
		assertThatExceptionOfType(InvalidSecretException.class).isThrownBy(() -> HmacSecrets.toKey(secret))
			.withMessageContaining("31 bytes")
			.withMessageNotContaining(secret);
	}

	@Test
	void toKeyWhenBase64Of32BytesThenDecoded() {
		String encoded = Base64.getEncoder().encodeToString(new byte[32]);
		assertThat(HmacSecrets.toKey("base64:" + encoded).getEncoded()).isEqualTo(new byte[32]);
	}

	@Test
	void toKeyWhenBase64DecodesToFewerThan32BytesThenRejected() {
		String encoded = Base64.getEncoder().encodeToString(new byte[31]);
		assertThatExceptionOfType(InvalidSecretException.class).isThrownBy(() -> HmacSecrets.toKey("base64:" + encoded))
			.withMessageContaining("31 bytes")
			.withMessageNotContaining(encoded);
	}

	@Test
	void toKeyWhenBase64IsMalformedThenRejectedWithoutShowingIt() {
		String malformed = "base64:AAAA AAAA*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
		assertThatExceptionOfType(InvalidSecretException.class).isThrownBy(() -> HmacSecrets.toKey(malformed))
			.withMessageContaining("not valid standard base64")
			.withMessageNotContaining("AAAA");
	}

	@Test
	void toKeyWhenMissingThenRejected() {
		assertThatExceptionOfType(InvalidSecretException.class).isThrownBy(() -> HmacSecrets.toKey(""))
			.withMessageContaining("not set");
	}

}
