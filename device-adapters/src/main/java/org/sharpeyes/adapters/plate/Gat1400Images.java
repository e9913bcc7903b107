package org.sharpeyes.adapters.plate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.JsonPayload;
import org.sharpeyes.adapters.event.Payloads;

/** The Base64 images of a GA/T 1400 record's {@code SubImageList}, for vehicle and face records alike. */
public final class Gat1400Images {

    private Gat1400Images() {
    }

    public static List<byte[]> read(JsonNode record, String at) throws AdapterException {
        JsonNode list = JsonPayload.at(record, "SubImageList.SubImageInfoObject");
        if (list == null || (list.isArray() && list.isEmpty())) {
            return List.of();
        }
        List<JsonNode> items = JsonPayload.list(record, "SubImageList.SubImageInfoObject",
                at + ".SubImageList.SubImageInfoObject");
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = at + ".SubImageList.SubImageInfoObject[" + i + "].Data";
            byte[] image = Payloads.image(JsonPayload.optionalText(items.get(i), "Data", field), field);
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }
}
