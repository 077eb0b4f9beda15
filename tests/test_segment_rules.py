"""One test per segmentation rule, each on a small hand-written page."""

from __future__ import annotations

from pathlib import Path

import pytest
from segmenting import segment_text

from sitegen.model import Credit
from sitegen.segment.blocks import read_blocks
from sitegen.segment.cut import decide_layout, split_headline
from sitegen.segment.markers import (
    parse_byline,
    parse_column_marks,
    parse_credits,
    split_paren_credit,
    split_photo_credit,
)
from sitegen.segment.text import (
    collapse_number_spaces,
    ends_sentence,
    infer_title,
    is_headline_shaped,
    join_lines,
    repair_doubled,
)

BODY1 = "近日，赤峰市喀喇沁旗组织开展干部培训，全旗党员干部参加学习。"
BODY2 = "据了解，该旗今年以来累计举办各类培训班二十余期，覆盖基层干部三千余人次。"
BODY3 = "乌兰察布市集宁区红海子社区成立了便民服务车队，为居民提供出行服务。"
BRIEF1 = "◆呼伦贝尔市牙克石市建立七家公务员平时考核联系点，进一步激发干部争先创优动能。（本报记者 宋爽）"
BRIEF2 = "◆通辽市科左后旗公安局深化一体化实战化运行机制，群众满意度持续提升。（杨巍）"
CAPTION_XU = "近日，兴安盟科右前旗边境派出所民警来到牧点开展主题党日活动。图为民警与牧民共同巡边。本报记者 许敬 摄"
CARTOON = "拍几张照片，发一条信息，调研就算“完成任务”。如此打卡式调研，看似走了程序，实则流于形式。"
CAPTION_LIU = "金秋时节，阿尔山市的白桦林层林尽染，与蓝天、河流相映成趣，宛如一幅油画。 刘德胜 摄"


def seg(text: str, columns: tuple[str, ...] = ()):
    return segment_text(text, columns=columns)


# -- reflow ------------------------------------------------------------------------------


def test_join_lines_adds_no_space_between_han():
    assert join_lines(["近日，一篇名为", "《牛家营子镇》的文章"]) == "近日，一篇名为《牛家营子镇》的文章"


def test_join_lines_keeps_a_space_between_ascii_words():
    assert join_lines(["open", "data"]) == "open data"


def test_hard_wrapped_lines_become_one_paragraph():
    [item] = seg("□本报记者 王塔娜\n\n近日，一篇名为《小积分》的文章刷屏赤\n峰市喀喇沁旗党员干部的朋友圈。\n")
    assert "刷屏赤峰市喀喇沁旗" in item.body


def test_column_break_inside_a_sentence_does_not_end_the_paragraph():
    page = "□本报记者 王塔娜\n\n帮助干部补齐知识短板，进一步提高专业化能\n\n力。办好“指尖课堂”，督促干部学习。\n"
    [item] = seg(page)
    assert "专业化能力。办好" in item.body


def test_sentence_end_ends_the_paragraph():
    [item] = seg(f"□本报记者 王塔娜\n\n{BODY1}\n\n{BODY2}\n")
    assert item.body.split("\n\n")[1:] == [BODY1, BODY2]


def test_ends_sentence_knows_closing_quotes():
    assert ends_sentence("他说：“好！”")
    assert not ends_sentence("“红火日子有了奔头”")
    assert not ends_sentence("进一步提高专业化能")


def test_collapse_number_spaces_between_numbers_and_han():
    assert collapse_number_spaces("将全旗 86个科级单位") == "将全旗86个科级单位"
    assert collapse_number_spaces("2021 年 3 月 31 日") == "2021年3月31日"
    assert collapse_number_spaces("共 1 220 人") == "共1 220人"  # digit–digit gaps are kept


# -- column marks ------------------------------------------------------------------------


def test_column_mark_with_sign_and_several_marks_on_one_line():
    assert parse_column_marks("◎初心如磐") == ("初心如磐",)
    assert parse_column_marks("◎初心如磐 ◎每周一学") == ("初心如磐", "每周一学")


def test_column_entry_ending_in_colon_is_not_a_column_mark():
    assert parse_column_marks("◎党的基层组织的设置：") is None


def test_bare_column_name_from_vocabulary():
    assert parse_column_marks("北疆党旗红", ["北疆党旗红"]) == ("北疆党旗红",)
    assert parse_column_marks("北疆党旗红") is None


def test_column_mark_applies_to_the_headline_below():
    page = f"◎知行合一\n\n建设乡村幸福路\n\n□本报记者 皇甫美鲜\n\n{BODY1}\n"
    [item] = seg(page)
    assert (item.column, item.title) == ("知行合一", "建设乡村幸福路")


def test_column_mark_between_headline_and_byline_belongs_to_that_headline():
    page = f"{BODY2}\n\n“能上能下”动真格\n\n◎学思践悟\n\n□本报记者 宋爽\n\n{BODY1}\n"
    items = seg(page)
    assert (items[-1].title, items[-1].column) == ("“能上能下”动真格", "学思践悟")


def test_short_label_that_behaves_like_a_column_mark():
    page = f"信息集装箱\n\n◆{BODY1}（本报记者 宋爽）\n\n◆{BODY2}（李闯男）\n"
    items = seg(page)
    assert [i.column for i in items] == ["信息集装箱", "信息集装箱"]


def test_column_does_not_carry_over_to_the_next_article():
    page = f"◎观潮\n\n第一篇标题\n\n□本报记者 宋爽\n\n{BODY1}\n\n第二篇标题\n\n□本报记者 潘佳\n\n{BODY2}\n"
    assert [i.column for i in seg(page)] == ["观潮", None]


# -- bylines -----------------------------------------------------------------------------


def test_byline_roles_and_several_names():
    assert parse_byline("□本报记者 宋爽 通讯员 许文彬") == (Credit("宋爽", "本报记者"), Credit("许文彬", "通讯员"))
    assert parse_byline("□本报记者 白丹 杨柳") == (Credit("白丹", "本报记者"), Credit("杨柳", "本报记者"))
    assert parse_byline("■见习记者 高辉") == (Credit("高辉", "见习记者"),)
    assert parse_byline("本报记者 潘佳") == (Credit("潘佳", "本报记者"),)


def test_bare_name_byline():
    assert parse_byline("□赵静 武晓敏") == (Credit("赵静", "作者"), Credit("武晓敏", "作者"))


def test_a_sentence_is_not_a_byline():
    assert parse_byline("本报记者从自治区党委组织部获悉，全区干部培训工作全面展开。") is None
    assert parse_credits("近日，赤峰市召开会议") is None


def test_commentary_byline_with_column_sign():
    page = f"◎观潮\n\n党员教育管理要在提高质量上下真功\n\n◎郝佳丽\n\n{BODY1}\n"
    [item] = seg(page)
    assert item.column == "观潮"
    assert item.credits == (Credit("郝佳丽", "作者"),)


def test_a_four_character_word_after_the_column_sign_is_a_column_where_the_page_marks_columns_so() -> None:
    # 初 is a surname, so ◎初心如磐 alone could sign a commentary; on a page whose other ◎ line is a
    # column mark, standing under a byline (where no signature stands) over text, it is one more mark.
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n◎初心如磐\n\n"
        f"{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n◎每周一学\n"
    )
    assert [(i.column, i.authors) for i in seg(page)] == [("初心如磐", ("宋爽",)), ("每周一学", ("王芳",))]
    # Under a headline, over the text: where a signature stands (◎那仁高娃: four-character Mongolian names
    # are common), and where the page signs commentaries with ◎ and a shorter name, it stays one.
    page = f"◎观潮\n\n党员教育管理要在提高质量上下真功\n\n◎那仁高娃\n\n{BODY1}\n"
    assert [(i.column, i.authors) for i in seg(page)] == [("观潮", ("那仁高娃",))]
    signed = f"◎观潮\n\n党员教育管理要在提高质量上下真功\n\n◎郝佳丽\n\n{BODY1}\n\n◎北疆时评\n\n办好民生实事\n\n◎乌仁图雅\n\n{BODY4}\n"
    assert [(i.column, i.authors) for i in seg(signed)] == [("观潮", ("郝佳丽",)), ("北疆时评", ("乌仁图雅",))]


def test_byline_stays_in_the_body_as_printed():
    [item] = seg(f"标题一则\n\n□本报记者 宋爽 通讯员 许文彬\n\n{BODY1}\n")
    assert item.body.startswith("本报记者 宋爽 通讯员 许文彬\n\n")
    assert item.authors == ("宋爽", "许文彬")


# -- headlines ---------------------------------------------------------------------------


def test_headline_shape():
    assert is_headline_shaped("严管厚爱为干部鼓劲加油")
    assert is_headline_shaped("“红色引擎”提升基层治理效能")
    assert not is_headline_shaped("关于如何发挥好考核“指挥棒”作用，")
    assert not is_headline_shaped("这是赛罕区党建引领城市基层治理工作成效的一个缩影。")


def test_two_line_headline():
    page = f"建设乡村“幸福路”\n铺就致富“快车道”\n\n□本报记者 皇甫美鲜\n\n{BODY1}\n"
    [item] = seg(page)
    assert item.title == "建设乡村“幸福路” 铺就致富“快车道”"


def test_kicker_above_headline():
    page = f"为改革创新者撑腰 为实干争先者鼓劲\n\n精准发力 打出激励干部担当作为“组合拳”\n\n□本报记者 宋爽\n\n{BODY1}\n"
    [item] = seg(page)
    assert item.kicker == "为改革创新者撑腰 为实干争先者鼓劲"
    assert item.title == "精准发力 打出激励干部担当作为“组合拳”"


def test_place_kicker_ending_in_colon():
    page = f"和林格尔县：\n“小积分”激活“大动能”\n\n□本报记者 宋爽\n\n{BODY1}\n"
    [item] = seg(page)
    assert (item.kicker, item.title) == ("和林格尔县：", "“小积分”激活“大动能”")


def test_subtitle_below_headline():
    assert split_headline(["党建引领乡村振兴", "——来自赤峰市的调查"]) == (
        None,
        "党建引领乡村振兴",
        "——来自赤峰市的调查",
    )


def test_ocr_doubled_headline_is_repaired():
    assert repair_doubled("感悟光辉历程感悟光辉历程") == "感悟光辉历程"
    assert repair_doubled("感悟光辉历程") == "感悟光辉历程"


def test_headlines_trailing_their_bodies_are_detected_per_page():
    page = (
        f"□本报记者 王塔娜\n\n{BODY1}\n\n严管厚爱为干部鼓劲加油\n\n"
        f"□本报记者 潘佳\n\n{BODY2}\n\n释放人才动能 助力产业发展\n"
    )
    assert decide_layout(read_blocks(page)) == "trail"
    items = seg(page)
    assert [(i.title, i.authors) for i in items] == [
        ("严管厚爱为干部鼓劲加油", ("王塔娜",)),
        ("释放人才动能 助力产业发展", ("潘佳",)),
    ]
    assert BODY1 in items[0].body and BODY2 in items[1].body


def test_briefs_and_photos_at_the_pages_edges_do_not_hide_that_headlines_trail() -> None:
    # The headlines share no words with either side; the page opens on running text, and its last
    # article closes on its headline and byline, under which only briefs and a photo stand.
    page = (
        f"{BODY1}{BODY2}\n\n春风化雨润心田 温情传递百姓家\n\n□本报记者 宋爽\n\n{BODY4}{BODY4}\n\n"
        f"同心共筑幸福路 携手共建新家园\n\n□本报记者 王芳\n\n{BRIEF1}\n\n{BRIEF2}\n\n{CAPTION_XU}\n"
    )
    assert decide_layout(read_blocks(page)) == "trail"
    assert [(i.title, i.authors) for i in seg(page)][:2] == [
        ("春风化雨润心田 温情传递百姓家", ("宋爽",)),
        ("同心共筑幸福路 携手共建新家园", ("王芳",)),
    ]


def test_headlines_leading_their_bodies():
    page = f"严管厚爱为干部鼓劲加油\n\n□本报记者 王塔娜\n\n{BODY1}\n\n释放人才动能\n\n□本报记者 潘佳\n\n{BODY2}\n"
    assert decide_layout(read_blocks(page)) == "lead"
    assert [i.title for i in seg(page)] == ["严管厚爱为干部鼓劲加油", "释放人才动能"]


def test_byline_standing_above_its_headline():
    page = f"□本报记者 王塔娜\n\n严管厚爱为干部鼓劲加油\n\n{BODY1}\n\n□本报记者 潘佳\n\n释放人才动能\n\n{BODY2}\n"
    items = seg(page)
    assert [(i.title, i.authors) for i in items] == [
        ("严管厚爱为干部鼓劲加油", ("王塔娜",)),
        ("释放人才动能", ("潘佳",)),
    ]


def test_trailing_kicker_and_headline():
    page = (
        f"□本报记者 宋爽\n\n{BODY1}\n\n邻里关系怎么解，社区安全怎么破——\n\n“红色引擎”提升基层治理效能\n\n"
        f"□本报记者 潘佳\n\n{BODY2}\n\n第二篇标题\n"
    )
    first = seg(page)[0]
    assert (first.kicker, first.title) == ("邻里关系怎么解，社区安全怎么破——", "“红色引擎”提升基层治理效能")


# -- sub-headings ------------------------------------------------------------------------


def test_subheadings_stay_in_the_body_as_markdown_headings():
    page = f"标题一则\n\n□本报记者 宋爽\n\n{BODY1}\n\n构建一贯到底的组织体系\n\n{BODY2}\n"
    [item] = seg(page)
    assert "\n\n## 构建一贯到底的组织体系\n\n" in item.body


# -- photos ------------------------------------------------------------------------------


def test_photo_caption_with_credit_and_title_below_it():
    assert split_photo_credit("图为车队志愿者搀扶老人上车。 王玮 摄") == (
        "图为车队志愿者搀扶老人上车。",
        (Credit("王玮", "摄影"),),
    )
    page = f"□本报记者 宋爽\n\n{BODY1}\n\n标题一则\n\n{BODY3} 见习记者 高辉 通讯员 刘党 摄\n\n身边的便民服务车队\n"
    photo = seg(page)[-1]
    assert photo.kind == "photo"
    assert photo.title == "身边的便民服务车队"
    assert photo.authors == ("高辉", "刘党")


def test_photo_with_credit_line_and_title_above_it():
    page = f"◎掠影\n\n共绘“同心圆”\n\n{BODY3}\n\n本报记者 许敬 通讯员 包青松 摄\n"
    [photo] = seg(page)
    assert (photo.kind, photo.title, photo.column) == ("photo", "共绘“同心圆”", "掠影")
    assert photo.authors == ("许敬", "包青松")


def test_a_label_naming_pictures_under_a_titled_photo_is_its_column() -> None:
    # Headlines lead; 秋染阿尔山 titles the caption under it, and 光影 under the caption names pictures:
    # the photo's column mark, printed under it, not its title.
    page = f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n秋染阿尔山\n\n{CAPTION_LIU}\n\n光影\n"
    items = seg(page)
    assert [(i.kind, i.title, i.column) for i in items] == [
        ("article", "喀喇沁旗干部培训见实效", None),
        ("photo", "秋染阿尔山", "光影"),
    ]


def test_a_label_naming_pictures_under_an_untitled_photo_is_its_column_not_its_title() -> None:
    # Headlines trail, so a line under a caption may be its title; 掠影 names a column of pictures.
    page = f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n{CAPTION_XU}\n\n掠影\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n"
    photo = seg(page)[1]
    assert (photo.kind, photo.column, photo.title_inferred) == ("photo", "掠影", True)


def test_a_label_naming_pictures_under_a_trailing_headline_is_the_photos_below() -> None:
    page = f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n掠影\n\n{CAPTION_XU}\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n"
    assert [(i.kind, i.column) for i in seg(page)] == [("article", None), ("photo", "掠影"), ("article", None)]
    # In one block with the photo's title under it, which shares the caption's words: the photo's too.
    caption = "日前，自治区公安厅第二党支部组织党员参观历史展览，接受革命传统教育，汲取奋进力量。本报记者 安寅东 摄"
    page = f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n掠影\n汲取奋进力量\n\n{caption}\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n"
    items = seg(page)
    assert [(i.kind, i.title, i.column) for i in items] == [
        ("article", "喀喇沁旗干部培训见实效", None),
        ("photo", "汲取奋进力量", "掠影"),
        ("article", "科尔沁区老旧小区改造惠及万户", None),
    ]
    # Over it, in the same block, the article's own label: 书评 the review's, 光影 the photo's.
    page = (
        f"{BODY1}{BODY2}\n\n写给沙漠的一封长信\n——读散文集《沙的边界》\n书评\n光影\n\n{CAPTION_LIU}\n\n"
        f"{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n"
    )
    items = seg(page)
    assert [(i.kind, i.column) for i in items] == [("article", "书评"), ("photo", "光影"), ("article", None)]
    assert (items[0].title, items[0].subtitle) == ("写给沙漠的一封长信", "——读散文集《沙的边界》")


def test_a_cartoons_artist_on_a_line_of_his_own_is_its_credit() -> None:
    # 漫画 names pictures; the paragraph under it is the cartoon's caption and ■作者 郝立新 its artist,
    # not the byline of another article; the line after it is the cartoon's title.
    commentaries = f"科尔沁区老旧小区改造惠及万户\n\n◎ 陈志远\n\n{BODY4}{BODY4}\n\n喀喇沁旗干部培训见实效\n\n◎ 王海鹰\n\n{BODY1}{BODY2}\n\n"
    items = seg(f"{commentaries}漫画\n\n{CARTOON}\n\n■作者 郝立新\n\n“打卡式”调研\n")
    assert [(i.kind, i.column, i.title, i.authors) for i in items] == [
        ("article", None, "科尔沁区老旧小区改造惠及万户", ("陈志远",)),
        ("article", None, "喀喇沁旗干部培训见实效", ("王海鹰",)),
        ("photo", "漫画", "“打卡式”调研", ("郝立新",)),
    ]
    # The label may follow the picture, its title between them: the artist is still the picture's.
    items = seg(f"{commentaries}{CARTOON}\n\n作者 郝立新\n\n“打卡式”调研\n\n漫画\n")
    assert (items[2].kind, items[2].authors) == ("photo", ("郝立新",))


def test_photo_credit_marked_with_filled_square():
    page = f"共绘同心圆\n\n{BODY3}\n\n■本报记者 王玮 摄\n"
    [photo] = seg(page)
    assert photo.kind == "photo"
    assert photo.credits == (Credit("王玮", "本报记者"),)


# -- briefs ------------------------------------------------------------------------------


def test_each_brief_is_its_own_item_credited_from_its_parenthesis():
    assert split_paren_credit(f"{BODY1} （本报记者 宋爽）") == (BODY1, (Credit("宋爽", "本报记者"),))
    page = f"◆{BODY1} （本报记者 宋爽）\n\n◆{BODY2}\n\n(李闯男)\n"
    items = seg(page)
    assert [(i.kind, i.authors) for i in items] == [("brief", ("宋爽",)), ("brief", ("李闯男",))]
    assert all(i.title_inferred for i in items)


def test_brief_hard_wrapped_over_lines():
    page = "◆为深入推进抓党建促乡村振兴，近日，兴安盟乌兰浩特市组织\n开展比武活动。 （本报记者 宋爽）\n"
    [brief] = seg(page)
    assert "组织开展比武活动" in brief.body


# -- knowledge boxes ---------------------------------------------------------------------


def test_knowledge_box_of_star_entries_is_one_item():
    page = (
        f"{BODY1}\n\n★党的思想路线：\n党的思想路线是一切从实际出发。\n★党的最大政治优势：\n"
        "党的最大政治优势是密切联系群众。\n\n（来源：共产党员网）\n\n◆" + BODY2 + "（宋爽）\n"
    )
    items = seg(page)
    box = next(i for i in items if i.kind == "knowledge")
    assert "★党的思想路线：" in box.body and box.body.endswith("（来源：共产党员网）")
    assert [i.kind for i in items] == ["article", "knowledge", "brief"]


def test_a_label_naming_a_knowledge_box_under_a_trailing_headline_is_the_boxs() -> None:
    # 理论热词 (热词 names reference entries) stands under the headline and over the box's opening.
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n理论热词\n\n草原保护相关概念：\n\n★草畜平衡。指保持草原生态系统良性循环。\n\n"
        "★禁牧。指对生态脆弱的草原实行禁止放牧利用。\n\n（来源：内蒙古日报）\n"
    )
    assert [(i.kind, i.column) for i in seg(page)] == [("article", None), ("knowledge", "理论热词")]


def test_knowledge_box_of_column_sign_entries():
    page = "◎党的基层组织的设置：\n\n凡是有正式党员三人以上的，都应当成立党的基层组织。\n\n◎党的基层组织的任期：\n\n每届任期三年至五年。\n\n(来源：共产党员网)\n"
    [box] = seg(page)
    assert box.kind == "knowledge"
    assert "◎党的基层组织的任期：" in box.body


# -- titles and leftovers ----------------------------------------------------------------


def test_item_without_headline_gets_an_inferred_title():
    assert (
        infer_title("呼伦贝尔市额尔古纳市蒙兀室韦苏木位于大兴安岭北麓、中俄界河")
        == "呼伦贝尔市额尔古纳市蒙兀室韦苏木位于大兴安岭北麓"
    )
    assert infer_title("近日，巴彦淖尔市杭锦旗人民检察院开展主题党日") == "近日，巴彦淖尔市杭锦旗人民检察院开展主题党日"
    [item] = seg(f"{BODY1}\n\n{BODY2}\n")
    assert item.title_inferred and item.title == "近日，赤峰市喀喇沁旗组织开展干部培训"


def test_text_that_fits_no_rule_still_ends_up_in_an_item():
    page = "※※※\n\n◎\n\n（）\n\n12345\n\n□\n"
    items = seg(page)
    text = "".join(i.body + (i.title or "") for i in items)
    assert "12345" in text and "※※※" in text


# -- Markdown pages ----------------------------------------------------------------------


def test_markdown_page_format():
    page = (
        f"# 党建“绣花针”穿起基层治理“千条线”\n\n□本报记者 宋爽\n\n{BODY1}\n\n## 从组织体系入手\n\n{BODY2}\n\n"
        f"## ◎观潮\n\n# 党员教育管理要在提高质量上下真功\n\n◎郝佳丽\n\n{BODY3}\n"
    )
    first, second = segment_text(page, markdown=True)
    assert first.title == "党建“绣花针”穿起基层治理“千条线”" and "## 从组织体系入手" in first.body
    assert (second.column, second.authors) == ("观潮", ("郝佳丽",))


def test_markdown_photos_under_one_column_are_each_an_item():
    page = f"## ◎掠影\n\n# 汲取奋进力量\n\n{BODY1} 本报记者 安寅东 摄\n\n{BODY3} 本报记者 郝佳丽 摄\n"
    first, second = segment_text(page, markdown=True)
    assert (first.kind, first.title, first.column) == ("photo", "汲取奋进力量", "掠影")
    assert (second.kind, second.title_inferred, second.column) == ("photo", True, "掠影")


def test_jumped_opening_is_stitched_to_its_article():
    orphan = "家乡的山水养育了我。包头市石拐区五当召镇缸房地村党支部书记刘刚说。在石拐区，像刘刚一样的返乡人不在少数，吉忽伦图苏木党支部书记刘文"
    page = (
        f"# 党员教育管理\n\n◎郝佳丽\n\n党员是党组织的细胞。加强党员教育管理是重要环节。\n\n各级党组织要抓在经常。\n\n{orphan}\n\n"
        "## ◎北疆党旗红\n\n# 让招才引智与高质量发展同频共振\n\n□本报记者 宋爽\n\n"
        "艺、三岔口嘎查党支部书记辛吉盛等都是返乡建设的带头人。\n\n石拐区持续实施招才引智举措，返乡人才越来越多。\n"
    )
    first, second = segment_text(page, markdown=True)
    assert "刘文" not in first.body
    assert "刘文艺、三岔口" in second.body


def test_dateline_opens_a_news_item_with_its_credits():
    page = (
        f"第一篇标题\n\n□本报记者 宋爽\n\n{BODY1}\n\n第二篇标题\n\n"
        f"本报讯（记者 张三 通讯员 李四）{BODY2}\n\n本报呼和浩特3月5日电（记者 王五）{BODY3}\n"
    )
    items = seg(page)
    assert [(i.title, i.authors) for i in items] == [
        ("第一篇标题", ("宋爽",)),
        ("第二篇标题", ("张三", "李四")),
        (items[2].title, ("王五",)),
    ]
    assert items[2].title_inferred


def test_photo_credit_in_parentheses():
    assert split_photo_credit("图为志愿者搀扶老人上车。（本报记者 王玮 摄）") == (
        "图为志愿者搀扶老人上车。",
        (Credit("王玮", "本报记者"),),
    )


def test_trailing_page_that_ends_in_briefs():
    page = (
        f"□本报记者 王塔娜\n\n{BODY1}\n\n严管厚爱为干部鼓劲加油\n\n□本报记者 潘佳\n\n{BODY2}\n\n"
        f"释放人才动能 助力产业发展\n\n◆{BODY3}（宋爽）\n"
    )
    assert [i.title for i in seg(page)][:2] == ["严管厚爱为干部鼓劲加油", "释放人才动能 助力产业发展"]


# -- page-level rules learned from drawn layouts ---------------------------------------------


def test_a_mark_with_nothing_under_it_keeps_its_name() -> None:
    items = seg(f"◎初心如磐\n\n◎北疆党旗红\n\n标题一\n\n□本报记者 宋爽\n\n{BODY1}\n")
    text = "\n".join(f"{i.column or ''} {i.title} {i.body}" for i in items)
    assert "初心如磐" in text and "北疆党旗红" in text and "◎None" not in text


def test_a_closing_author_note_stays_with_its_article() -> None:
    page = (
        f"标题一\n\n□本报记者 宋爽\n\n{BODY1}\n\n（作者系中共巴彦淖尔市委党校副教授）\n\n"
        f"标题二\n\n□本报记者 王芳\n\n{BODY3}\n"
    )
    first, second = seg(page)
    assert first.body.endswith("（作者系中共巴彦淖尔市委党校副教授）")
    assert second.title == "标题二" and "作者系" not in second.body


def test_a_short_exclamation_is_a_headline() -> None:
    (item,) = seg(f"冰雪季，来了！\n\n□本报记者 宋爽\n\n{BODY1}\n")
    assert item.title == "冰雪季，来了！" and item.authors == ("宋爽",)


def test_a_three_line_headline_opens_on_its_kicker() -> None:
    (item,) = seg(
        f"自治区中学生足球联赛高中组比赛落幕\n点球大战决胜负\n鄂尔多斯队捧得男子组冠军\n\n□本报记者 宋爽\n\n{BODY1}\n"
    )
    assert item.kicker == "自治区中学生足球联赛高中组比赛落幕"
    assert item.title == "点球大战决胜负 鄂尔多斯队捧得男子组冠军"


def test_verse_lines_are_text_not_headlines() -> None:
    poem = "\n\n".join(
        [
            "秋风走过敖汉的山梁",
            "把一垄一垄的谷子",
            "吹成低头的样子",
            "那些金黄的穗子",
            "越饱满，越谦卑",
            "像我的祖辈",
            "一辈子弯着腰",
            "把日子种进土里",
        ]
    )
    (item,) = seg(f"敖汉谷子地\n\n□郭晓峰\n\n{poem}\n")
    assert item.title == "敖汉谷子地" and "像我的祖辈" in item.body and item.column is None


def test_knowledge_box_opens_on_its_lead_line() -> None:
    page = (
        "◎理论热词\n\n草原保护相关概念：\n\n★草畜平衡。指保持草原生态系统良性循环。\n\n"
        "★禁牧。指对生态脆弱的草原实行禁止放牧。\n\n（来源：农民日报）\n"
    )
    (box,) = seg(page)
    assert box.kind == "knowledge" and box.column == "理论热词" and box.body.startswith("草原保护相关概念：")


def test_page_header_and_footer_are_not_items() -> None:
    items = seg(
        f"2023年11月6日 星期一 第03版 要闻\n\n标题一\n\n□本报记者 宋爽\n\n{BODY1}\n\n责任编辑：王芳  版式设计：李明\n"
    )
    assert [i.title for i in items] == ["标题一"]
    assert "责任编辑" not in items[0].body


def test_a_brief_ending_on_its_credit_is_not_joined_to_the_caption_after_it() -> None:
    page = (
        f"◆{BODY1}（本报记者 宋爽）\n\n针对老年居民多的实际，社区成立了便民服务车队。图为志愿者搀扶老人上车。 王玮 摄\n"
    )
    brief, photo = seg(page)
    assert (brief.kind, brief.authors) == ("brief", ("宋爽",))
    assert (photo.kind, photo.authors) == ("photo", ("王玮",))


def test_a_label_printed_in_several_headline_blocks_is_their_column() -> None:
    page = "".join(
        f"支部建在产业链上\n{place}：\n{title}\n\n□本报记者 宋爽\n\n{body}\n\n"
        for place, title, body in (("库伦旗", "荞麦田里的党员示范带", BODY1), ("宁城县", "流动党课开进设施大棚", BODY2))
    )
    items = seg(page)
    assert [(i.column, i.kicker, i.title) for i in items] == [
        ("支部建在产业链上", "库伦旗：", "荞麦田里的党员示范带"),
        ("支部建在产业链上", "宁城县：", "流动党课开进设施大棚"),
    ]


def test_a_headline_block_of_four_short_lines_is_display_text() -> None:
    # Kicker, a title over two lines and a column label, printed as one paragraph between blank lines.
    page = (
        f"{BODY1}{BODY2}\n\n为改革创新者撑腰 为实干争先者鼓劲\n精准发力\n打出激励干部担当作为“组合拳”\n初心如磐\n\n"
        f"□本报记者 宋爽\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n"
    )
    first = seg(page)[0]
    assert (first.title, first.column) == ("精准发力 打出激励干部担当作为“组合拳”", "初心如磐")
    assert first.kicker == "为改革创新者撑腰 为实干争先者鼓劲"


# -- reading the page as a whole -------------------------------------------------------------

BODY4 = "通辽市科尔沁区推进老旧小区改造，今年完成改造小区三十余个，惠及居民一万余户，群众居住环境明显改善。"
BODY5 = "呼伦贝尔市根河市冷极村迎来入冬首批游客，民宿预订火爆，冰雪旅游带动村民增收致富的路子越走越宽。"


def test_text_that_turns_to_another_subject_opens_an_article_on_a_credited_page() -> None:
    # Every article here is credited, so a display line without a byline would be read as a
    # sub-heading; the text under 冷极村迎来首批游客 shares nothing with the article above it.
    long1 = BODY1 + BODY2 + "该旗还组织干部到先进地区考察学习，开阔视野，拓宽思路，提升推动高质量发展的能力水平。"
    page = (
        f"干部培训见实效\n\n□本报记者 宋爽\n\n{long1}\n\n培训内容贴近实际\n\n{BODY2}{BODY1}\n\n"
        f"冷极村迎来首批游客\n\n{BODY5}{BODY5}\n\n老旧小区焕新颜\n\n□本报记者 王芳\n\n{BODY4}\n"
    )
    titles = [i.title for i in seg(page)]
    assert titles == ["干部培训见实效", "冷极村迎来首批游客", "老旧小区焕新颜"]
    assert "## 培训内容贴近实际" in seg(page)[0].body


def test_trailing_headlines_without_bylines_are_found_by_what_they_name() -> None:
    page = f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n"
    items = seg(page)
    assert [i.title for i in items] == ["喀喇沁旗干部培训见实效", "科尔沁区老旧小区改造惠及万户"]
    assert items[0].body.startswith(BODY1[:10]) and items[1].body.startswith(BODY4[:10])


def test_bylines_under_trailing_headlines_on_a_page_that_closes_on_one() -> None:
    page = (
        f"{BODY1}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY4}\n\n"
        "科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n"
    )
    first, second = seg(page)
    assert (first.title, first.authors) == ("喀喇沁旗干部培训见实效", ("宋爽",))
    assert (second.title, second.authors) == ("科尔沁区老旧小区改造惠及万户", ("王芳",))


def test_an_ocr_full_stop_or_a_cut_off_dateline_is_not_display_text() -> None:
    assert not is_headline_shaped("清扫到位.(本报记者 郝建平)")
    assert not is_headline_shaped("本报乌兰浩特11月11日")
    assert is_headline_shaped("3.2万亩锁边林带缝住沙漠边缘")


def test_a_line_wider_than_the_column_is_a_paragraph_of_its_own() -> None:
    wrapped = "\n".join(BODY1[k : k + 14] for k in range(0, len(BODY1), 14))
    more = "\n".join(BODY2[k : k + 14] for k in range(0, len(BODY2), 14))
    page = f"喀喇沁旗干部教育培训工作见实效取得新进展\n{wrapped}\n{more}\n"
    (item,) = seg(page)
    assert item.title == "喀喇沁旗干部教育培训工作见实效取得新进展"
    assert item.body.startswith(BODY1[:10])


def test_photo_titles_over_captions_on_a_trailing_page() -> None:
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n秋染阿尔山\n\n{CAPTION_LIU}\n\n"
        f"{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n"
    )
    items = seg(page)
    assert [(i.kind, i.title) for i in items] == [
        ("article", "喀喇沁旗干部培训见实效"),
        ("photo", "秋染阿尔山"),
        ("article", "科尔沁区老旧小区改造惠及万户"),
    ]
    assert items[1].authors == ("刘德胜",)


# -- column marks and closing credits ------------------------------------------------------------


def test_a_mark_over_a_run_of_briefs_is_the_runs_on_a_trailing_page() -> None:
    # The page's headlines trail, so a mark under a headline would be its item's; but a run of briefs
    # stands under a heading of its own.
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY4}{BODY4}\n\n"
        f"科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n◎信息集装箱\n\n{BRIEF1}\n\n{BRIEF2}\n"
    )
    items = seg(page)
    assert [(i.kind, i.column) for i in items] == [
        ("article", None),
        ("article", None),
        ("brief", "信息集装箱"),
        ("brief", "信息集装箱"),
    ]
    assert items[1].title == "科尔沁区老旧小区改造惠及万户"


def test_a_mark_named_for_pictures_says_the_page_prints_marks_under_their_items() -> None:
    # 掠影 heads a photo: here it stands under the caption, not over the article below it, so this
    # page's marks follow their items, and ◎北疆党旗红 is the article's above it.
    page = (
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n◎北疆党旗红\n\n{CAPTION_XU}\n\n◎掠影\n\n"
        f"科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n{BODY4}{BODY4}\n"
    )
    items = seg(page)
    assert [(i.kind, i.column) for i in items] == [("article", "北疆党旗红"), ("photo", "掠影"), ("article", None)]


def test_a_paragraph_ends_on_its_sentence_not_on_a_short_label_under_it() -> None:
    # Wrapped at 20: the last line of the paragraph falls one short of the width (a closing mark may
    # not open a line), and the label under it ends no sentence: it stands alone.
    text = "把群众的冷暖放在心上，把群众的期盼落在实处，我们就一定能不断增进民生福祉，让发展成果更多惠及全区各族人民。"
    wrapped = [text[k : k + 20] for k in range(0, len(text), 20)]
    assert len(wrapped[-1]) < 20 and wrapped[-1].endswith("。")
    body = "\n".join(wrapped + [BODY4[k : k + 20] for k in range(0, len(BODY4), 20)])
    blocks = read_blocks(f"{body}\n北疆时评\n“周末医生”下乡 基层医疗多了“活水”\n■ 陈志远\n")
    assert [b.lines for b in blocks if "北疆时评" in b.text] == [("北疆时评",)]


def test_a_byline_under_text_with_nothing_under_it_is_the_items_closing_credit() -> None:
    caption = "拍几张照片，发一条信息，调研就算“完成任务”了。调查研究重在发现问题，不能满足于“到此一游”。"
    page = f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n◎漫画\n\n“打卡式”调研\n\n{caption}\n\n作者 郝立新\n"
    items = seg(page)
    assert len(items) == 2
    cartoon = items[1]
    # One paragraph under a column that heads pictures is a picture's caption.
    assert (cartoon.kind, cartoon.title, cartoon.column, cartoon.authors) == (
        "photo",
        "“打卡式”调研",
        "漫画",
        ("郝立新",),
    )


def test_a_mark_under_a_run_of_photos_is_the_whole_runs() -> None:
    # 掠影 under the second photo names what it heads: this page prints its marks under their items,
    # once for a run of photos.
    cap1 = "日前，自治区公安厅交通管理局第二党支部组织全体党员开展主题党日活动。本报记者 安寅东 摄"
    cap2 = "近日，巴彦淖尔市杭锦旗人民检察院第一党支部与嘎查党支部开展联学共建活动。本报记者 郝佳丽 摄"
    page = (
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n{cap1}\n\n{cap2}\n\n◎掠影\n\n"
        f"科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n{BODY4}{BODY4}\n"
    )
    items = seg(page)
    assert [(i.kind, i.column) for i in items] == [
        ("article", None),
        ("photo", "掠影"),
        ("photo", "掠影"),
        ("article", None),
    ]


def test_a_mark_naming_what_it_heads_goes_to_that_kind_of_item_beside_it() -> None:
    # The page prints its marks under their headlines (学思践悟 closes it), but 信息集装箱 names briefs
    # and stands over them, and 掠影 names pictures and stands over a caption: theirs, not the item above.
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n◎信息集装箱\n\n{BRIEF1}\n\n{BRIEF2}\n\n◎掠影\n\n"
        f"{CAPTION_XU}\n\n共绘“同心圆”\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n◎学思践悟\n"
    )
    assert [(i.kind, i.column) for i in seg(page)] == [
        ("article", None),
        ("brief", "信息集装箱"),
        ("brief", "信息集装箱"),
        ("photo", "掠影"),
        ("article", "学思践悟"),
    ]


def test_a_label_over_a_leading_headline_is_the_item_aboves_where_marks_stand_under_items() -> None:
    # 学思践悟 closes the page: its marks stand under their items. So 知行合一, printed in the block of
    # the second headline, over it, is the first item's.
    page = (
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n知行合一\n科尔沁区老旧小区改造惠及万户\n\n"
        f"□本报记者 王芳\n\n{BODY4}{BODY4}\n\n◎学思践悟\n"
    )
    assert [(i.title, i.column) for i in seg(page)] == [
        ("喀喇沁旗干部培训见实效", "知行合一"),
        ("科尔沁区老旧小区改造惠及万户", "学思践悟"),
    ]


@pytest.mark.parametrize("signature", ["", "■ 刘振宇 高娃\n\n"], ids=["over text", "over a signature"])
def test_a_label_opening_a_trailing_page_says_its_marks_stand_over_their_items(signature: str) -> None:
    # 理论视点 opens the page over running text (or over the signature over it): a label over its item.
    # So 学思践悟 under the first headline is the second item's, not the first's.
    page = (
        f"理论视点\n\n{signature}{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n学思践悟\n\n{BODY4}{BODY4}\n\n"
        "科尔沁区老旧小区改造惠及万户\n"
    )
    items = seg(page)
    assert [(i.title, i.column) for i in items] == [
        ("喀喇沁旗干部培训见实效", "理论视点"),
        ("科尔沁区老旧小区改造惠及万户", "学思践悟"),
    ]


def test_a_trailing_line_over_a_caption_with_nothing_above_it_to_head_is_the_photos_title() -> None:
    brief = "◆日前，自治区中等职业学校技能大赛闭幕，全区五十三所中职学校选手同台竞技。（特约记者 高丽）"
    caption = "11月9日，在锡林浩特市一处滑雪场，滑雪爱好者在雪道上驰骋。 敖登 摄"
    page = f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{brief}\n\n冰雪季，来了！\n\n{caption}\n"
    items = seg(page)
    assert [(i.kind, i.title) for i in items][1:] == [("brief", items[1].title), ("photo", "冰雪季，来了！")]


def test_a_trailing_pages_sub_heading_is_found_by_the_text_going_on_under_it() -> None:
    # 培训班覆盖三千余人次 names the text above it, not the text below; but that text goes on about
    # the training (it shares over a tenth of its word pairs with the text above): a sub-heading.
    part1 = BODY1 + BODY2 + "培训班邀请专家授课，覆盖乡镇、嘎查村各级干部，累计举办专题讲座十余场。"
    part2 = "近日，全旗党员干部参加学习后纷纷表示，干部培训组织开展得好，今后要把学习成果用到工作中去。"
    page = (
        f"{part1}\n\n培训班覆盖三千余人次\n\n{part2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n"
        f"{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n"
    )
    items = seg(page)
    assert [i.title for i in items] == ["喀喇沁旗干部培训见实效", "科尔沁区老旧小区改造惠及万户"]
    assert "## 培训班覆盖三千余人次" in items[0].body


def test_an_author_note_closes_its_commentary_and_a_cartoon_follows() -> None:
    # （作者单位：…） ends the commentary; the caption after it is the next item's, a cartoon's, its
    # artist after its last sentence; 漫画 over it names a column of pictures, not the cartoon's title.
    page = (
        f"村规民约莫成“罚款清单”\n\n◎ 王海鹰\n\n{BODY1}{BODY2}\n\n（作者单位：中共乌兰察布市委党校）\n\n漫画\n\n"
        "拍几张照片，发一条信息，调研就算“完成任务”了。调查研究重在发现问题，不能满足于“到此一游”。 作者 郝立新\n"
    )
    commentary, cartoon = seg(page)
    assert commentary.body.endswith("（作者单位：中共乌兰察布市委党校）")
    assert (cartoon.kind, cartoon.title_inferred, cartoon.column, cartoon.authors) == (
        "photo",
        True,
        "漫画",
        ("郝立新",),
    )
    assert cartoon.body.startswith("拍几张照片")


def test_a_label_over_a_photo_titled_under_its_caption_is_its_column() -> None:
    page = (
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n科尔沁区老旧小区改造惠及万户\n\n"
        f"□本报记者 王芳\n\n{BODY4}\n\n北疆风物\n\n{CAPTION_LIU}\n\n秋染阿尔山\n"
    )
    *_, photo = seg(page)
    assert (photo.kind, photo.title, photo.column) == ("photo", "秋染阿尔山", "北疆风物")


def test_a_trailing_headline_over_a_knowledge_boxs_opening_heads_the_article_above() -> None:
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n"
        "草原保护相关概念：\n\n★草畜平衡。指为保持草原生态系统良性循环，草原载畜量保持动态平衡。\n\n（来源：农民日报）\n"
    )
    items = seg(page)
    assert [(i.kind, i.title) for i in items][1:] == [
        ("article", "科尔沁区老旧小区改造惠及万户"),
        ("knowledge", "草原保护相关概念"),
    ]


@pytest.mark.parametrize(
    "page",
    [
        # 信息集装箱 names a run of briefs: printed in one block over the photo's title, under the run, it
        # is the run's column, not the photo's kicker.
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n{BRIEF1}\n\n{BRIEF2}\n\n"
        f"信息集装箱\n共绘“同心圆”\n\n{CAPTION_XU}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n{BODY4}{BODY4}\n",
        # Headlines trail, and the name says marks stand under their items: the mark after the briefs,
        # which have no headline to stand under, is theirs, not the photo's below.
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BRIEF1}\n\n{BRIEF2}\n\n◎信息集装箱\n\n"
        f"{CAPTION_XU}\n\n共绘“同心圆”\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n",
        # Bare, in one block with the photo's title over its caption: the run's, and the title the photo's.
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BRIEF1}\n\n{BRIEF2}\n\n信息集装箱\n共绘“同心圆”\n\n"
        f"{CAPTION_XU}\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n",
        # The same bare, alone on its line, over the caption: it names briefs, so it is the run's.
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BRIEF1}\n\n{BRIEF2}\n\n信息集装箱\n\n"
        f"{CAPTION_XU}\n\n共绘“同心圆”\n\n{BODY4}{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n",
    ],
    ids=["leading, in a headline block", "trailing, under the run", "trailing, over a title", "trailing, bare"],
)
def test_a_label_naming_briefs_under_their_run_is_theirs_not_the_next_items(page: str) -> None:
    items = seg(page)
    assert [(i.kind, i.column) for i in items] == [
        ("article", None),
        ("brief", "信息集装箱"),
        ("brief", "信息集装箱"),
        ("photo", None),
        ("article", None),
    ]
    assert (items[3].title, items[3].kicker) == ("共绘“同心圆”", None)


def test_a_caption_credit_the_wrap_broke_is_read_whole() -> None:
    # The wrap left 本报记者 安 at a line's end and 寅东 摄 on the next line, which alone reads like a
    # credit line; and the caption holds OCR's full stops and commas before its credit.
    page = (
        f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n"
        "日前,自治区公安厅交通管理局第二党支部组织全体\n党员参观展览,接受革命传统教育,汲取奋进力量. 本报记者 安\n"
        f"寅东 摄\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n{BODY4}\n"
    )
    items = seg(page)
    assert [(i.kind, i.authors) for i in items] == [
        ("article", ("宋爽",)),
        ("photo", ("安寅东",)),
        ("article", ("王芳",)),
    ]
    assert split_photo_credit("参观展览,接受革命传统教育,汲取奋进力量. 本报记者 安寅东 摄") == (
        "参观展览,接受革命传统教育,汲取奋进力量.",
        (Credit("安寅东", "本报记者"),),
    )


def test_a_two_character_line_under_a_headline_in_its_block_is_its_column() -> None:
    page = f"打草季\n散文\n\n□那日苏\n\n{BODY1}{BODY2}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n\n{BODY4}\n"
    first, _ = seg(page)
    assert (first.title, first.column, first.authors) == ("打草季", "散文", ("那日苏",))


def test_a_dateline_a_column_break_cut_after_the_agency_is_joined_again() -> None:
    assert not is_headline_shaped("本报呼")
    page = f"冷极村迎来入冬首批游客\n\n本报呼\n\n伦贝尔11月4日讯（记者 吴海峰）{BODY5}\n"
    (item,) = seg(page)
    assert item.body.startswith("本报呼伦贝尔11月4日讯") and item.authors == ("吴海峰",)


def test_a_line_between_two_captions_titles_the_one_whose_words_it_shares() -> None:
    cap1 = "11月4日，在开鲁县一处红干椒交易市场，客商在挑选晾晒好的红干椒。■本报记者 孙立新 摄"
    cap2 = "近日，成群的候鸟在乌拉特前旗乌梁素海湖面栖息觅食，补充能量后继续南迁。■通讯员 赵文杰 摄"
    page = f"喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY1}{BODY2}\n\n{cap1}\n\n乌梁素海迎来迁徙候鸟\n\n{cap2}\n"
    _, first, second = seg(page)
    assert (first.kind, first.title_inferred) == ("photo", True)
    assert (second.kind, second.title, second.title_inferred) == ("photo", "乌梁素海迎来迁徙候鸟", False)
    assert (first.authors, second.authors) == (("孙立新",), ("赵文杰",))  # ■ before an inline credit too


def test_a_headline_under_its_place_kicker_stands_alone_at_the_columns_width() -> None:
    # Wrapped at 14: the headline runs the column's full width, like a line of running text, but it
    # stands under a place kicker on a line of its own.
    body = BODY4 + BODY5
    wrapped = "\n".join(body[k : k + 14] for k in range(0, len(body), 14))
    page = f"{wrapped}\n阿右旗雅布赖镇：\n驼奶合作社带动二十七户牧民增收\n{wrapped}\n"
    items = seg(page)
    assert [(i.kicker, i.title) for i in items][-1] == ("阿右旗雅布赖镇：", "驼奶合作社带动二十七户牧民增收")


def test_a_trailing_headline_and_a_photos_title_over_its_caption_are_told_apart_by_their_words() -> None:
    caption = "近日，成群的候鸟在乌拉特前旗乌梁素海湖面栖息觅食，补充能量后继续南迁。 赵文杰 摄"
    page = (
        f"{BODY1}{BODY2}\n\n喀喇沁旗干部培训见实效\n\n□本报记者 宋爽\n\n{BODY5}{BODY5}\n\n"
        f"冷极村迎来入冬首批游客\n\n乌梁素海迎来迁徙候鸟\n\n{caption}\n\n{BODY4}\n\n科尔沁区老旧小区改造惠及万户\n\n□本报记者 王芳\n"
    )
    items = seg(page)
    assert [(i.kind, i.title) for i in items][1:3] == [
        ("article", "冷极村迎来入冬首批游客"),
        ("photo", "乌梁素海迎来迁徙候鸟"),
    ]


# Shapes of ordinary pages that the page-wide label rules must leave alone: headlines holding a kind
# word (动态, 镜头), bare-name bylines, a short second line of a title, a place kicker over a two-line
# title, a four-character Mongolian signature, a stanza of four lines, a titled photo opening a page.
PAGE_SHAPES = {
    "a1": [
        ("老旧小区焕新颜", None, ("那日苏",)),
        ("镜头里的乡村振兴", None, ("赵静", "武晓敏")),
        ("志愿红点亮城市角落", None, ("刘振宇",)),
    ],
    "b1": [
        ("老旧小区焕新颜", None, ("王芳",)),
        ("呼伦贝尔市牙克石市建立七家公务员平时考核联系点", None, ("宋爽",)),
        ("通辽市科左后旗公安局深化一体化实战化运行机制", None, ("杨巍",)),
        ("草原文旅新动态", None, ()),
    ],
    "l3": [
        ("守边护边一家亲", None, ("许敬",)),
        ("春风化雨润心田", None, ("王芳",)),
        ("同心共筑幸福路", None, ("宋爽",)),
        ("携手共建新家园", None, ("刘洋",)),
    ],
    "p1": [("党员教育管理要在提高质量上下真功", "观潮", ("那仁高娃",))],
    "p5": [("草原牧场上的守望者", None, ("宋爽",)), ("便民车队温暖老人出行路", None, ("王芳",))],
    "t1": [
        ("以党建引领激活乡村振兴“红色引擎” 跑出加速度", None, ("宋爽",)),
        ("便民车队温暖老人出行路", None, ("王芳",)),
    ],
    "t2": [("党建引领基层治理 绘就幸福新画卷", None, ("宋爽",)), ("便民车队温暖老人出行路", None, ("王芳",))],
    "t3": [("让“招才引智”与高质量发展 同频共振", "北疆党旗红", ("宋爽",)), ("便民车队温暖老人出行路", None, ("王芳",))],
    "t4": [("草原儿女 奏响新牧歌", None, ("宋爽",)), ("便民车队温暖老人出行路", None, ("王芳",))],
}


@pytest.mark.parametrize("name", sorted(PAGE_SHAPES))
def test_ordinary_page_shapes_keep_their_headlines_credits_and_columns(name: str) -> None:
    text = (Path(__file__).parent / "data" / "page_shapes" / f"{name}.txt").read_text(encoding="utf-8")
    assert [(i.title, i.column, i.authors) for i in seg(text)] == PAGE_SHAPES[name]
