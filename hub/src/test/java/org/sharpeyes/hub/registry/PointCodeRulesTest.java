package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointCodeRulesTest {

    private static final Region VILLAGE = new Region("510122001001", "红星村", RegionKind.VILLAGE, "510122001");

    @ParameterizedTest(name = "{0} as {1} is accepted")
    @CsvSource({
        "51012201011320000001, CAMERA", "51012201011310000001, CAMERA", "51012201011320000001, PTZ_CAMERA",
        "51012200001410000001, BARRIER_GATE", "51012201011320000009, PLATE_RECOGNIZER",
        "51012201011390000009, FACE_RECOGNIZER", "51012201011420000009, ACCESS_CONTROL",
        "51012201011390000009, ACCESS_CONTROL", "51012200001340000021, ONE_KEY_ALARM"})
    void acceptsCodesWhoseCountyAndTypeDigitsAgree(String code, PointType type) {
        assertThat(PointCodeRules.check(code, type, VILLAGE)).isEmpty();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "5101220101132000001  | CAMERA        | must be 20 digits (GB/T 28181), got 19 characters",
        "510122010113200000011| CAMERA        | got 21 characters",
        "51012201011320A00001 | CAMERA        | character 15 is 'A'",
        "51012301011320000001 | CAMERA        | digits 1-6 (510123) must equal the county code 510122 of region 510122001001",
        "51012201011410000001 | CAMERA        | digits 11-13 (141) are the GB/T 28181 device type code, and a CAMERA needs 131 or 132",
        "51012201011320000001 | BARRIER_GATE  | a BARRIER_GATE needs 141",
        "51012201011310000001 | FACE_RECOGNIZER | a FACE_RECOGNIZER needs 132 or 139",
        "51012201011320000001 | ONE_KEY_ALARM | a ONE_KEY_ALARM needs 134",
        "51012201011320000001 | ACCESS_CONTROL | ACCESS_CONTROL needs 139 or 142"})
    void rejectsCodesWithWhichDigitsAreWrongAndWhy(String code, PointType type, String expected) {
        assertThat(PointCodeRules.check(code, type, VILLAGE)).hasValueSatisfying(m -> assertThat(m).contains(expected));
    }
}
