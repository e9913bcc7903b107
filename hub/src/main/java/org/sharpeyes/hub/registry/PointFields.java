package org.sharpeyes.hub.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The field names of a point as the CSV header and the JSON API spell them. */
public final class PointFields {

    public static final String CODE = "code";
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String REGION = "region";
    public static final String SOURCE = "source";
    public static final String LAT = "lat";
    public static final String LON = "lon";
    public static final String STREAM_URL = "streamUrl";
    public static final String ONVIF_URL = "onvifUrl";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String VENDOR = "vendor";
    public static final String INSTALLED_AT = "installedAt";
    public static final String SERIAL = "serial";

    /** Every field, in CSV order. */
    public static final List<String> ALL = List.of(CODE, NAME, TYPE, REGION, SOURCE, LAT, LON, STREAM_URL, ONVIF_URL,
            USERNAME, PASSWORD, VENDOR, INSTALLED_AT, SERIAL);
    /** The columns a CSV file must have (the contract makes every column after {@code lon} optional). */
    public static final List<String> REQUIRED_COLUMNS = List.of(CODE, NAME, TYPE, REGION, SOURCE, LAT, LON);

    private static final Map<String, String> BY_LOWER = ALL.stream()
            .collect(Collectors.toMap(f -> f.toLowerCase(Locale.ROOT), Function.identity()));
    // Installers keep their point tables with Chinese headers; these are the usual ones.
    private static final Map<String, String> CHINESE = Map.ofEntries(
            Map.entry("点位编码", CODE), Map.entry("设备编码", CODE), Map.entry("国标编码", CODE), Map.entry("编码", CODE),
            Map.entry("点位名称", NAME), Map.entry("设备名称", NAME), Map.entry("名称", NAME),
            Map.entry("设备类型", TYPE), Map.entry("类型", TYPE), Map.entry("行政区划", REGION), Map.entry("所属区域", REGION),
            Map.entry("区域", REGION), Map.entry("来源系统", SOURCE), Map.entry("所属系统", SOURCE), Map.entry("来源", SOURCE),
            Map.entry("纬度", LAT), Map.entry("经度", LON), Map.entry("视频地址", STREAM_URL), Map.entry("取流地址", STREAM_URL),
            Map.entry("流地址", STREAM_URL), Map.entry("onvif地址", ONVIF_URL), Map.entry("用户名", USERNAME),
            Map.entry("密码", PASSWORD), Map.entry("厂商", VENDOR), Map.entry("品牌", VENDOR), Map.entry("安装日期", INSTALLED_AT),
            Map.entry("序列号", SERIAL));

    private PointFields() {
    }

    /**
     * The canonical field a header names (case, spaces and underscores ignored; the usual Chinese headers too), or
     * null when it names none.
     */
    public static String canonical(String header) {
        String key = header.strip().replace("_", "").replace(" ", "").toLowerCase(Locale.ROOT);
        String field = BY_LOWER.get(key);
        return field != null ? field : CHINESE.get(key);
    }
}
