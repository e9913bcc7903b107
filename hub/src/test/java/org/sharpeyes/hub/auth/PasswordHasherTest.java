package org.sharpeyes.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse 电池");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("correct horse 电池", hash)).isTrue();
        assertThat(hasher.verify("correct horse", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void verifiesHashesMadeWithOtherCosts() {
        String cheap = new PasswordHasher(1024, 1).hash("pw-123456");
        assertThat(hasher.verify("pw-123456", cheap)).isTrue();
    }

    @Test
    void refusesAnythingThatIsNotAnArgon2idHash() {
        assertThat(hasher.verify("x", "plain-text")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=1024,t=1,p=1$!!!$AAAA")).isFalse();
    }
}
