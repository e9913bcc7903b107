package org.sharpeyes.hub.testing;

import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.StreamReader;

/** A stream reader that keeps the audio it is offered (retained: the test releases it) and takes no pictures. */
public final class AudioKeeper implements StreamReader {

    private final List<AudioUnit> audio = new ArrayList<>();

    /** What it was offered, in order. */
    public List<AudioUnit> audio() {
        return audio;
    }

    @Override
    public void offer(AccessUnit unit) {
    }

    @Override
    public void offerAudio(AudioUnit unit) {
        audio.add(unit.retain());
    }
}
