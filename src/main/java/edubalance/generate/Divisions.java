package edubalance.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Administrative divisions the generator writes data for: real GB/T 2260 codes and names of Shanxi
 * (山西省, 14) and its 11 prefecture cities and 117 county-level divisions; for national scale the
 * same pattern of city and county codes repeated under the other real province prefixes, with
 * synthetic city and county names (合成市 / 合成区 / 合成县 + code), since only the province names are real.
 */
final class Divisions {
  private Divisions() {}

  /**
   * A county-level division. kind: 'U' core urban district, 'S' suburban district or county-level
   * city (mixed), 'R' rural county. It drives school mix, urban-rural codes and sizes.
   */
  record County(String code, String name, char kind, String cityName) {}

  record City(String code, String name, List<County> counties) {}

  record Province(String code, String name, List<City> cities) {
    String prefix() {
      return code.substring(0, 2);
    }
  }

  // code, name, kind; a row with kind '-' is a prefecture city, the counties below belong to it.
  private static final String[][] SHANXI = {
      {"140100", "太原市", "-"},
      {"140105", "小店区", "U"}, {"140106", "迎泽区", "U"}, {"140107", "杏花岭区", "U"},
      {"140108", "尖草坪区", "S"}, {"140109", "万柏林区", "U"}, {"140110", "晋源区", "S"},
      {"140121", "清徐县", "R"}, {"140122", "阳曲县", "R"}, {"140123", "娄烦县", "R"},
      {"140181", "古交市", "S"},
      {"140200", "大同市", "-"},
      {"140212", "新荣区", "S"}, {"140213", "平城区", "U"}, {"140214", "云冈区", "S"},
      {"140215", "云州区", "S"}, {"140221", "阳高县", "R"}, {"140222", "天镇县", "R"},
      {"140223", "广灵县", "R"}, {"140224", "灵丘县", "R"}, {"140225", "浑源县", "R"},
      {"140226", "左云县", "R"},
      {"140300", "阳泉市", "-"},
      {"140302", "城区", "U"}, {"140303", "矿区", "U"}, {"140311", "郊区", "S"},
      {"140321", "平定县", "R"}, {"140322", "盂县", "R"},
      {"140400", "长治市", "-"},
      {"140403", "潞州区", "U"}, {"140404", "上党区", "S"}, {"140405", "屯留区", "S"},
      {"140406", "潞城区", "S"}, {"140423", "襄垣县", "R"}, {"140425", "平顺县", "R"},
      {"140426", "黎城县", "R"}, {"140427", "壶关县", "R"}, {"140428", "长子县", "R"},
      {"140429", "武乡县", "R"}, {"140430", "沁县", "R"}, {"140431", "沁源县", "R"},
      {"140500", "晋城市", "-"},
      {"140502", "城区", "U"}, {"140521", "沁水县", "R"}, {"140522", "阳城县", "R"},
      {"140524", "陵川县", "R"}, {"140525", "泽州县", "R"}, {"140581", "高平市", "S"},
      {"140600", "朔州市", "-"},
      {"140602", "朔城区", "S"}, {"140603", "平鲁区", "S"}, {"140621", "山阴县", "R"},
      {"140622", "应县", "R"}, {"140623", "右玉县", "R"}, {"140681", "怀仁市", "S"},
      {"140700", "晋中市", "-"},
      {"140702", "榆次区", "U"}, {"140703", "太谷区", "S"}, {"140721", "榆社县", "R"},
      {"140722", "左权县", "R"}, {"140723", "和顺县", "R"}, {"140724", "昔阳县", "R"},
      {"140725", "寿阳县", "R"}, {"140727", "祁县", "R"}, {"140728", "平遥县", "R"},
      {"140729", "灵石县", "R"}, {"140781", "介休市", "S"},
      {"140800", "运城市", "-"},
      {"140802", "盐湖区", "U"}, {"140821", "临猗县", "R"}, {"140822", "万荣县", "R"},
      {"140823", "闻喜县", "R"}, {"140824", "稷山县", "R"}, {"140825", "新绛县", "R"},
      {"140826", "绛县", "R"}, {"140827", "垣曲县", "R"}, {"140828", "夏县", "R"},
      {"140829", "平陆县", "R"}, {"140830", "芮城县", "R"}, {"140881", "永济市", "S"},
      {"140882", "河津市", "S"},
      {"140900", "忻州市", "-"},
      {"140902", "忻府区", "S"}, {"140921", "定襄县", "R"}, {"140922", "五台县", "R"},
      {"140923", "代县", "R"}, {"140924", "繁峙县", "R"}, {"140925", "宁武县", "R"},
      {"140926", "静乐县", "R"}, {"140927", "神池县", "R"}, {"140928", "五寨县", "R"},
      {"140929", "岢岚县", "R"}, {"140930", "河曲县", "R"}, {"140931", "保德县", "R"},
      {"140932", "偏关县", "R"}, {"140981", "原平市", "S"},
      {"141000", "临汾市", "-"},
      {"141002", "尧都区", "S"}, {"141021", "曲沃县", "R"}, {"141022", "翼城县", "R"},
      {"141023", "襄汾县", "R"}, {"141024", "洪洞县", "R"}, {"141025", "古县", "R"},
      {"141026", "安泽县", "R"}, {"141027", "浮山县", "R"}, {"141028", "吉县", "R"},
      {"141029", "乡宁县", "R"}, {"141030", "大宁县", "R"}, {"141031", "隰县", "R"},
      {"141032", "永和县", "R"}, {"141033", "蒲县", "R"}, {"141034", "汾西县", "R"},
      {"141081", "侯马市", "S"}, {"141082", "霍州市", "S"},
      {"141100", "吕梁市", "-"},
      {"141102", "离石区", "S"}, {"141121", "文水县", "R"}, {"141122", "交城县", "R"},
      {"141123", "兴县", "R"}, {"141124", "临县", "R"}, {"141125", "柳林县", "R"},
      {"141126", "石楼县", "R"}, {"141127", "岚县", "R"}, {"141128", "方山县", "R"},
      {"141129", "中阳县", "R"}, {"141130", "交口县", "R"}, {"141181", "孝义市", "S"},
      {"141182", "汾阳市", "S"},
  };

  /** The 31 provincial-level divisions of the mainland (GB/T 2260). */
  private static final String[][] PROVINCES = {
      {"11", "北京市"}, {"12", "天津市"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
      {"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"}, {"31", "上海市"}, {"32", "江苏省"},
      {"33", "浙江省"}, {"34", "安徽省"}, {"35", "福建省"}, {"36", "江西省"}, {"37", "山东省"},
      {"41", "河南省"}, {"42", "湖北省"}, {"43", "湖南省"}, {"44", "广东省"},
      {"45", "广西壮族自治区"}, {"46", "海南省"}, {"50", "重庆市"}, {"51", "四川省"},
      {"52", "贵州省"}, {"53", "云南省"}, {"54", "西藏自治区"}, {"61", "陕西省"}, {"62", "甘肃省"},
      {"63", "青海省"}, {"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"},
  };

  /** Counties of the demo: one city (太原市), an urban district, a county-level city, two counties. */
  private static final List<String> DEMO_COUNTIES = List.of("140106", "140121", "140122", "140181");

  /**
   * Cities of the Shanxi pattern repeated in the other provinces at national scale: the first nine
   * (87 counties each), so 30 × 87 + 117 = 2,727 counties in all.
   */
  private static final int NATIONAL_CITIES_PER_PROVINCE = 9;

  static Province shanxi() {
    List<City> cities = new ArrayList<>();
    String cityCode = null;
    String cityName = null;
    List<County> counties = null;
    for (String[] row : SHANXI) {
      if (row[2].equals("-")) {
        if (cityCode != null) cities.add(new City(cityCode, cityName, List.copyOf(counties)));
        cityCode = row[0];
        cityName = row[1];
        counties = new ArrayList<>();
      } else {
        counties.add(new County(row[0], row[1], row[2].charAt(0), cityName));
      }
    }
    cities.add(new City(cityCode, cityName, List.copyOf(counties)));
    return new Province("140000", "山西省", List.copyOf(cities));
  }

  static Province demo() {
    City taiyuan = shanxi().cities().get(0);
    List<County> picked = taiyuan.counties().stream()
        .filter(c -> DEMO_COUNTIES.contains(c.code())).toList();
    return new Province("140000", "山西省", List.of(new City(taiyuan.code(), taiyuan.name(), picked)));
  }

  /** Shanxi as it is, and every other province with Shanxi's first nine cities' code pattern. */
  static List<Province> national() {
    Province sx = shanxi();
    List<Province> out = new ArrayList<>();
    for (String[] p : PROVINCES) {
      if (p[0].equals("14")) {
        out.add(sx);
        continue;
      }
      List<City> cities = new ArrayList<>();
      for (City c : sx.cities().subList(0, NATIONAL_CITIES_PER_PROVINCE)) {
        String cityCode = p[0] + c.code().substring(2);
        String cityName = "合成市" + cityCode.substring(0, 4);
        List<County> counties = new ArrayList<>();
        for (County k : c.counties()) {
          String code = p[0] + k.code().substring(2);
          String suffix = k.name().substring(k.name().length() - 1); // 区, 县 or 市
          counties.add(new County(code, "合成" + suffix + code, k.kind(), cityName));
        }
        cities.add(new City(cityCode, cityName, List.copyOf(counties)));
      }
      out.add(new Province(p[0] + "0000", p[1], List.copyOf(cities)));
    }
    return out;
  }
}
