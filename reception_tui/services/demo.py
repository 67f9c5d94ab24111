"""A demo session full of realistic visitors and issues, for training and benchmarks.

Everything goes through :class:`DeskService` and the normal store, so the demo exercises the same
code paths (and the same crash safety) as a real afternoon. Names and numbers are invented.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind, VisitorKind
from reception_tui.domain.site import SiteConfig, TargetKind
from reception_tui.domain.validation import id_check_char
from reception_tui.services.clock import site_today
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕德福春梅文斌淑珍国强晓东"
AREAS = ["保俶社区松木场小区", "宝石新村", "西溪花园", "曙光社区求是小区", "杨公堤社区北山里", "黄龙社区黄龙苑"]
ROADS = ["保俶路", "曙光路", "西溪路", "黄龙路", "天目山路", "文三路"]

ISSUES: list[tuple[str, str, str, str]] = [
    ("交通出行", "建议", "小区门口的公交站离路口太近，早高峰车子堵成一排，能不能往后挪一挪？", "建议公交站后移，缓解早高峰拥堵"),
    ("物业与社区管理", "投诉", "物业收了停车费，晚上外来车还是随便停，消防通道都堵住了。", "物业管理不到位，消防通道被占"),
    ("环境保护与环境卫生", "投诉", "楼下餐馆油烟直接排到我们窗户上，夏天根本不敢开窗。", "餐饮油烟扰民，要求整改"),
    ("民政与养老", "求助", "我母亲八十六了，一个人住，听说有助餐点，怎么申请？", "咨询老年助餐服务申请"),
    ("教育", "咨询", "孩子明年上小学，学区划分今年有没有变化？", "咨询学区划分政策"),
    ("市政公用", "投诉", "老小区雨水管一下雨就倒灌，一楼家里进水好几次了。", "老旧小区雨污管网倒灌"),
    ("医疗卫生", "建议", "社区卫生服务站下午人太多，能不能增加一个医生？", "建议社区卫生服务站增加医生"),
    ("社会保障与劳动就业", "咨询", "灵活就业人员的医保怎么交，交多少？", "咨询灵活就业人员医保缴费"),
    ("城乡建设与规划", "建议", "加装电梯的补贴政策能不能再简化一下审批？", "建议简化老旧小区加装电梯审批"),
    ("社会治安与矛盾纠纷", "求助", "楼上邻居装修把我家天花板弄漏了，谈了几次谈不拢。", "邻里装修漏水纠纷"),
    ("市场监管与消费", "投诉", "小区门口的理发店办了卡就关门了，钱退不回来。", "预付卡商家关门跑路"),
    ("政务服务与干部作风", "批评", "去街道办事，窗口让我跑了三趟，材料一次说不清楚。", "办事材料未一次性告知"),
    ("法治/涉诉", "咨询", "和单位的劳动合同纠纷已经起诉了，代表能不能帮我催一下法院？", "涉诉案件要求催办"),
    ("人大工作/立法建议", "建议", "电动自行车进楼充电的问题，建议出台地方性规定。", "建议就电动自行车充电管理立法"),
    ("其他", "表扬", "社区网格员小刘特别负责，想表扬一下。", "表扬社区网格员"),
]


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"0571-8{rng.randrange(1000000, 9999999)}"
    return f"1{rng.choice('3456789')}{rng.randrange(10**8, 10**9)}"


def _id_number(rng: random.Random, today: date) -> str:
    birth = today - timedelta(days=rng.randrange(20 * 365, 85 * 365))
    body = f"330106{birth:%Y%m%d}{rng.randrange(100, 999)}"
    return body + id_check_char(body)


def _disposition(rng: random.Random, config: SiteConfig, index: int, deputy: str) -> DispositionInput:
    kind = list(DispositionKind)[index % 4] if index < 8 else rng.choice(list(DispositionKind))
    if kind is DispositionKind.EXPLAINED:
        return DispositionInput(kind, explanation="代表当场解释了相关政策和办理渠道。", explained_by=deputy)
    if kind is DispositionKind.TRANSFER:
        targets = [t for t in config.transfer_targets if t.kind is not TargetKind.CONGRESS] or list(
            config.transfer_targets
        )
        return DispositionInput(kind, target_code=rng.choice(targets).code)
    if kind is DispositionKind.SUGGESTION:
        return DispositionInput(kind, deputy=deputy, motion=rng.random() < 0.1)
    return DispositionInput(kind, channel=rng.choice(config.redirect_channels), directed_to="西湖区人民法院诉讼服务中心")


@dataclass
class DemoResult:
    """What the demo made."""

    session_id: str
    visitors: int
    issues: int


def _demo_clock(config: SiteConfig, day: date, rng: random.Random) -> Callable[[], datetime]:
    zone = ZoneInfo(config.timezone)
    current = datetime.combine(day, config.reception.start, zone)

    def tick() -> datetime:
        nonlocal current
        current += timedelta(seconds=rng.randrange(5, 40))
        return current

    return tick


def make_demo_session(
    folder: DataFolder,
    config: SiteConfig,
    *,
    visitors: int = 20,
    day: date | None = None,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    desk: str = "",
) -> DemoResult:
    """Create a session with ``visitors`` visitors and one to three issues each, every disposition used
    (at ``desk``, a letter, for a site's second desk)."""
    rng = random.Random(seed)
    day = day or site_today(config.timezone)
    deputies = [d.name for d in config.deputies[: config.reception.deputies_per_day]]
    operator = config.liaison_officers[0]
    clock = _demo_clock(config, day, rng)
    store = open_new_session(folder, config, day=day, deputies=deputies, liaison_officer=operator,
                             operator=operator, clock=clock, desk=desk)  # fmt: skip
    issue_count = 0
    try:
        service = DeskService(store, config, operator=operator, clock=clock)
        districts = [d.name for d in config.districts]
        for number in range(visitors):
            unit = rng.random() < 0.1
            anonymous = not unit and rng.random() < 0.05
            saved = service.register_visitor(
                VisitorInput(
                    name=_name(rng), anonymous=anonymous,
                    phone="" if anonymous else _phone(rng),
                    address=f"{rng.choice(AREAS)}{rng.randrange(1, 30)}幢{rng.randrange(1, 6)}单元{rng.randrange(101, 1802)}室",
                    district=rng.choice(districts),
                    kind=VisitorKind.UNIT if unit else VisitorKind.INDIVIDUAL,
                    unit_name="北山街道商会" if unit else "",
                    co_visitors=str(rng.choice((0, 0, 0, 1, 2))),
                    id_number=_id_number(rng, day) if rng.random() < 0.2 else "",
                    confidential=rng.random() < 0.05,
                    consent=True,
                )
            )
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                category, request_type, words, summary = rng.choice(ISSUES)
                deputy = rng.choice(deputies)
                service.add_issue(
                    saved.record.id,
                    IssueInput(
                        category=category, request_type=request_type,
                        place=f"{rng.choice(ROADS)}{rng.randrange(1, 300)}号附近", own_words=words, summary=summary,
                        receiving_deputy=deputy, confidential=rng.random() < 0.03,
                    ),
                    _disposition(rng, config, issue_count, deputy),
                )
                issue_count += 1
            if progress is not None:
                progress(number + 1)
        return DemoResult(store.session().id, visitors, issue_count)
    finally:
        store.close()
