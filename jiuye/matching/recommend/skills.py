"""Skill extraction from Chinese and English job and profile text (pure: no Django).

`extract_skills(text) -> frozenset[str]` returns canonical skill names found in the text. The lexicon below is the
data: each line is a canonical name and the ways postings and CVs write it. It was written by hand from the wording
of the real 2019 BOSS直聘/拉勾 postings (software, data, IT), the certificate names of the national vocational
qualification catalogue (电工证, 叉车证 ...) and the driving-licence classes of the road traffic rules.

Matching rules:
- An alias made only of ASCII characters matches case-insensitively as a whole token: not inside a longer Latin
  word or number ("Java" does not match "JavaScript", "C1" does not match "C12").
- A Chinese alias matches as a substring (Chinese has no spaces), longest alias first, so "焊工证" is taken as the
  certificate and not also as the trade "焊工".
- Canonical names are what the recommendation's reason shows ("skills_shared"), so they are short and readable.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical name: aliases (the canonical name itself always matches too)
LEXICON: dict[str, tuple[str, ...]] = {
    # --- certificates and licences ---
    "电工证": ("电工证", "低压电工证", "高压电工证", "电工操作证", "电工上岗证", "特种作业操作证（电工）"),
    "焊工证": ("焊工证", "焊工操作证", "电焊证"),
    "叉车证": ("叉车证", "叉车操作证", "叉车上岗证", "持叉车证"),
    "驾照A1": ("A1驾照", "驾照A1", "A1证", "A1照"),
    "驾照A2": ("A2驾照", "驾照A2", "A2证", "A2照"),
    "驾照B1": ("B1驾照", "驾照B1", "B1照"),
    "驾照B2": ("B2驾照", "驾照B2", "B2照", "B2证"),
    "驾照C1": (
        "C1驾照",
        "驾照C1",
        "驾照 C1",
        "C1驾驶证",
        "C1照",
        "C1证",
        "C1及以上驾照",
        "C1 driving licence",
    ),
    "驾照C2": ("C2驾照", "驾照C2", "C2驾驶证", "C2照"),
    "驾驶证": ("驾驶证", "驾照", "driving licence", "driver's license", "driver license"),
    "教师资格证": ("教师资格证", "教师证", "教师资格"),
    "会计从业资格": ("会计证", "会计从业资格", "初级会计", "初级会计师", "中级会计师", "会计师证"),
    "注册会计师": ("注册会计师", "CPA"),
    "护士执业证": ("护士执业证", "护士资格证", "护士证", "护士执业资格"),
    "执业医师": ("执业医师", "医师资格证", "执业医师资格"),
    "药师证": ("执业药师", "药师证", "药师资格"),
    "厨师证": ("厨师证", "厨师等级证"),
    "健康证": ("健康证",),
    "保安证": ("保安证", "保安员证"),
    "消防设施操作员": ("消防设施操作员", "消防员证", "消防证", "建(构)筑物消防员"),
    "建造师": ("一级建造师", "二级建造师", "建造师"),
    "安全员证": ("安全员证", "安全员C证", "安全员B证", "注册安全工程师"),
    "人力资源管理师": ("人力资源管理师", "人力资源师"),
    "育婴师证": ("育婴师证", "育婴员证"),
    "营养师": ("营养师", "公共营养师"),
    "心理咨询师": ("心理咨询师",),
    "法律职业资格": ("法律职业资格", "司法考试", "律师执业证"),
    "PMP": ("PMP", "项目管理专业人士"),
    "英语四级": ("英语四级", "CET-4", "CET4", "CET 4", "大学英语四级"),
    "英语六级": ("英语六级", "CET-6", "CET6", "CET 6", "大学英语六级"),
    "普通话证": ("普通话二甲", "普通话一乙", "普通话证", "普通话等级证"),
    # --- office and design software ---
    "Excel": ("Excel", "电子表格", "VLOOKUP", "数据透视表"),
    "Word": ("Word",),
    "PowerPoint": ("PowerPoint", "PPT"),
    "Office": ("Office", "MS Office", "办公软件", "WPS"),
    "CAD": ("CAD", "AutoCAD", "制图软件"),
    "SolidWorks": ("SolidWorks", "Solid Works"),
    "UG": ("UG", "UG NX", "Unigraphics"),
    "Pro/E": ("Pro/E", "ProE", "Creo"),
    "Photoshop": ("Photoshop", "PS"),
    "Illustrator": ("Illustrator", "AI设计"),
    "CorelDRAW": ("CorelDRAW", "CDR"),
    "3ds Max": ("3ds Max", "3dsMax", "3DMAX", "3D Max"),
    "SketchUp": ("SketchUp", "草图大师"),
    "Revit": ("Revit", "BIM"),
    "Premiere": ("Premiere", "PR剪辑", "视频剪辑", "剪映"),
    "After Effects": ("After Effects", "AE特效"),
    "Axure": ("Axure", "原型设计"),
    "Figma": ("Figma", "Sketch"),
    "ERP": ("ERP",),
    "SAP": ("SAP",),
    "用友": ("用友", "U8"),
    "金蝶": ("金蝶", "K3"),
    "PLC": ("PLC", "可编程控制器", "西门子PLC", "三菱PLC"),
    "数控编程": ("数控编程", "CNC编程", "加工中心编程", "数控车床编程"),
    # --- programming and data ---
    "Python": ("Python",),
    "Java": ("Java", "J2EE", "JavaEE"),
    "C/C++": ("C++", "C/C++", "C语言", "CPP"),
    "C#": ("C#", ".NET", "ASP.NET", "dotnet"),
    "Go": ("Golang", "Go语言"),
    "JavaScript": ("JavaScript", "JS", "ES6", "jQuery"),
    "TypeScript": ("TypeScript", "TS"),
    "PHP": ("PHP",),
    "Ruby": ("Ruby",),
    "Scala": ("Scala",),
    "R": ("R语言",),
    "MATLAB": ("MATLAB",),
    "HTML/CSS": ("HTML", "HTML5", "CSS", "CSS3"),
    "Vue": ("Vue", "Vue.js", "VueJS"),
    "React": ("React", "React.js", "ReactJS", "React Native"),
    "Angular": ("Angular", "AngularJS"),
    "Node.js": ("Node.js", "NodeJS", "Node"),
    "Spring": ("Spring", "Spring Boot", "SpringBoot", "Spring Cloud", "SpringCloud", "SpringMVC"),
    "Django": ("Django",),
    "Flask": ("Flask",),
    "Android": ("Android", "安卓开发"),
    "iOS": ("iOS", "Objective-C", "Swift"),
    "Unity": ("Unity", "Unity3D"),
    "SQL": ("SQL", "T-SQL", "PL/SQL"),
    "MySQL": ("MySQL",),
    "Oracle": ("Oracle",),
    "PostgreSQL": ("PostgreSQL", "Postgres"),
    "SQL Server": ("SQL Server", "SQLServer", "MSSQL"),
    "MongoDB": ("MongoDB",),
    "Redis": ("Redis",),
    "Elasticsearch": ("Elasticsearch", "ElasticSearch", "ES搜索"),
    "Kafka": ("Kafka",),
    "Hadoop": ("Hadoop", "HDFS", "MapReduce"),
    "Spark": ("Spark",),
    "Hive": ("Hive",),
    "Flink": ("Flink",),
    "Linux": ("Linux", "Shell", "Unix", "CentOS", "Ubuntu"),
    "Docker": ("Docker", "容器化"),
    "Kubernetes": ("Kubernetes", "K8s"),
    "Git": ("Git", "GitHub", "GitLab", "SVN"),
    "Nginx": ("Nginx",),
    "TensorFlow": ("TensorFlow",),
    "PyTorch": ("PyTorch",),
    "机器学习": ("机器学习", "machine learning"),
    "深度学习": ("深度学习", "deep learning", "神经网络"),
    "自然语言处理": ("自然语言处理", "NLP"),
    "计算机视觉": ("计算机视觉", "图像识别", "computer vision", "OpenCV"),
    "数据分析": ("数据分析", "data analysis", "数据统计"),
    "数据挖掘": ("数据挖掘", "data mining"),
    "算法": ("算法", "algorithm", "algorithms"),
    "Tableau": ("Tableau",),
    "Power BI": ("Power BI", "PowerBI"),
    "BI": ("BI", "商业智能"),
    "SPSS": ("SPSS",),
    "SAS": ("SAS",),
    "软件测试": ("软件测试", "测试用例", "功能测试", "software testing"),
    "自动化测试": ("自动化测试", "Selenium", "Appium", "test automation"),
    "性能测试": ("性能测试", "压力测试", "LoadRunner", "JMeter"),
    "网络运维": ("网络运维", "系统运维", "运维", "网络管理", "DevOps"),
    "网络安全": ("网络安全", "信息安全", "渗透测试", "security"),
    "嵌入式": ("嵌入式", "单片机", "STM32", "ARM", "embedded"),
    "SEO/SEM": ("SEO", "SEM", "搜索引擎优化"),
    # --- trades and services ---
    "电工": ("电工", "维修电工", "水电工", "电气维修", "electrician"),
    "焊工": ("焊工", "电焊", "氩弧焊", "气保焊", "二保焊", "welder", "welding"),
    "钳工": ("钳工", "装配钳工", "机修钳工"),
    "车工": ("车工", "车床操作", "普车"),
    "数控操作": ("数控", "CNC", "加工中心", "数控车床"),
    "模具": ("模具", "注塑", "冲压"),
    "木工": ("木工", "carpenter"),
    "瓦工": ("瓦工", "泥瓦工", "砌筑"),
    "油漆工": ("油漆工", "喷漆", "喷涂"),
    "管道安装": ("管道工", "管道安装", "水暖工", "plumber"),
    "汽车维修": ("汽车维修", "汽修", "机修工", "汽车钣金", "mechanic"),
    "叉车操作": ("叉车", "forklift"),
    "货车驾驶": ("货车司机", "货运司机", "重卡", "挂车"),
    "驾驶": ("司机", "驾驶员", "驾车", "driver"),
    "快递配送": ("快递", "配送", "外卖", "骑手", "分拣", "courier"),
    "仓储管理": ("仓管", "仓库管理", "仓储", "库管", "WMS", "warehouse"),
    "物流": ("物流", "logistics"),
    "烹饪": ("厨师", "烹饪", "炒锅", "厨房", "cook", "chef"),
    "面点": ("面点", "烘焙", "西点", "糕点", "bakery"),
    "餐饮服务": ("服务员", "餐饮", "传菜", "waiter", "waitress"),
    "保洁": ("保洁", "清洁", "cleaning", "cleaner"),
    "家政服务": ("家政", "保姆", "钟点工", "domestic"),
    "育婴": ("育婴", "月嫂", "育儿嫂", "早教", "childcare"),
    "养老护理": ("养老护理", "护理员", "护工", "陪护", "caregiver", "elderly care"),
    "护理": ("护理", "nursing", "nurse"),
    "保安": ("保安", "安保", "security guard"),
    "收银": ("收银", "cashier"),
    "导购销售": ("导购", "店员", "营业员", "门店销售"),
    "销售": ("销售", "业务员", "sales", "商务拓展", "BD"),
    "客户服务": ("客服", "客户服务", "customer service", "售后服务"),
    "电话销售": ("电话销售", "电销", "telemarketing"),
    "电子商务": ("电子商务", "电商", "淘宝", "天猫", "京东", "拼多多", "e-commerce"),
    "直播": ("直播", "主播", "带货"),
    "新媒体运营": ("新媒体", "公众号", "抖音", "短视频", "小红书", "微博运营", "social media"),
    "运营": ("运营", "operations"),
    "市场营销": ("市场营销", "市场推广", "营销策划", "marketing"),
    "产品经理": ("产品经理", "product manager", "需求分析"),
    "项目管理": ("项目管理", "project management"),
    "会计": ("会计", "accounting", "accountant", "做账", "记账"),
    "出纳": ("出纳", "cashier accounting"),
    "财务": ("财务", "finance", "financial"),
    "税务": ("税务", "报税", "纳税申报", "tax"),
    "审计": ("审计", "audit", "auditing"),
    "人力资源": ("人力资源", "招聘", "HR", "HRBP", "薪酬绩效", "human resources", "recruiting"),
    "行政": ("行政", "administration", "administrative"),
    "文员": ("文员", "文秘", "前台", "clerk", "receptionist"),
    "档案管理": ("档案管理", "档案整理"),
    "质量检验": ("质检", "品检", "品质", "QC", "QA", "quality control", "quality inspection"),
    "设备维修": ("设备维修", "设备维护", "机电维修", "maintenance"),
    "装配": ("装配", "组装", "assembly"),
    "普工": ("普工", "操作工", "流水线", "生产线", "production line"),
    "缝纫": ("缝纫", "车缝", "裁剪", "服装制版", "sewing"),
    "美容美发": ("美容", "美发", "美甲", "化妆", "理发", "hairdresser", "beautician"),
    "推拿按摩": ("推拿", "按摩", "足疗", "康复理疗", "massage"),
    "教学": ("教学", "授课", "教师", "老师", "teaching", "teacher", "tutor"),
    "平面设计": ("平面设计", "美工", "graphic design"),
    "UI设计": ("UI设计", "UI", "UX", "交互设计", "用户体验"),
    "室内设计": ("室内设计", "装修设计", "interior design"),
    "建筑施工": ("施工", "工地", "construction"),
    "造价": ("造价", "预算员", "工程预算", "cost estimation"),
    "测绘": ("测绘", "测量", "GIS", "surveying"),
    "农业种植": ("种植", "大棚", "果树", "农技", "farming"),
    "养殖": ("养殖", "畜牧", "水产", "livestock"),
    "翻译": ("翻译", "translation", "interpreter", "translator"),
    # --- languages ---
    "英语": ("英语", "英文", "English"),
    "日语": ("日语", "日文", "Japanese"),
    "韩语": ("韩语", "韩文", "朝鲜语", "Korean"),
    "德语": ("德语", "German"),
    "法语": ("法语", "French"),
    "俄语": ("俄语", "Russian"),
    "西班牙语": ("西班牙语", "Spanish"),
    "粤语": ("粤语", "广东话", "Cantonese"),
    "普通话": ("普通话", "Mandarin"),
}

_ASCII = re.compile(r"^[\x00-\x7f]+$")
# Canonical names that are only implied by a more specific skill (a certificate implies its trade).
IMPLIES: dict[str, tuple[str, ...]] = {
    "电工证": ("电工",),
    "焊工证": ("焊工",),
    "叉车证": ("叉车操作",),
    "驾照A1": ("驾驶证",),
    "驾照A2": ("驾驶证",),
    "驾照B1": ("驾驶证",),
    "驾照B2": ("驾驶证",),
    "驾照C1": ("驾驶证",),
    "驾照C2": ("驾驶证",),
    "护士执业证": ("护理",),
    "厨师证": ("烹饪",),
    "英语四级": ("英语",),
    "英语六级": ("英语",),
}


def _build() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Aliases by their first character, longest first, and each alias's canonical name."""
    canonical: dict[str, str] = {}
    for name, aliases in LEXICON.items():
        for alias in (name, *aliases):
            canonical.setdefault(_SPACES.sub(" ", alias.casefold()).strip(), name)
    by_first: dict[str, list[str]] = {}
    for alias in sorted(canonical, key=lambda a: (-len(a), a)):
        by_first.setdefault(alias[0], []).append(alias)
    return {c: tuple(a) for c, a in by_first.items()}, canonical


_SPACES = re.compile(r"\s+")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+#")
_BY_FIRST, _CANONICAL = _build()


@lru_cache(maxsize=65536)
def extract_skills(text: str) -> frozenset[str]:
    """Canonical skill names mentioned in `text` (Chinese or English); empty for empty or non-text input.

    One left-to-right scan: at each position the longest alias starting there wins and the scan goes on after
    it (as a regular expression's alternation would, without trying hundreds of alternatives everywhere)."""
    if not isinstance(text, str) or not text:
        return frozenset()
    folded = _SPACES.sub(" ", text.casefold())
    found: set[str] = set()
    i, n = 0, len(folded)
    while i < n:
        candidates = _BY_FIRST.get(folded[i])
        step = 1
        if candidates:
            for alias in candidates:
                if not folded.startswith(alias, i):
                    continue
                end = i + len(alias)
                if _ASCII.match(alias) and (
                    (i > 0 and (folded[i - 1] in _WORD or folded[i - 1] == "."))
                    or (end < n and folded[end] in _WORD)
                ):
                    continue  # inside a longer Latin word or number
                found.add(_CANONICAL[alias])
                step = len(alias)
                break
        i += step
    for name in list(found):
        found.update(IMPLIES.get(name, ()))
    return frozenset(found)
