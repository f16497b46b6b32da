"""Legal bases cited by screening flags (pure: no Django).

Each entry names the instrument and article and says whether this helper checked the wording against the published
text (`verified=True`) or cites it from general knowledge and it still has to be checked by a lawyer (`verified=False`,
shown as "to verify"). Keys are stable: flags store only the key.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegalBasis:
    key: str
    en: str
    zh: str
    verified: bool  # False: cited from memory / not yet checked against the official text ("to verify")
    note: str = ""

    def label(self, language: str = "zh") -> str:
        text = self.en if language.startswith("en") else self.zh
        return text if self.verified else f"{text} ({'to verify' if language.startswith('en') else '待核实'})"


_B = LegalBasis

LEGAL_BASES: dict[str, LegalBasis] = {
    b.key: b
    for b in (
        _B(
            "epl_3_26",
            "Employment Promotion Law arts. 3 and 26 (equal employment; employers must not discriminate)",
            "《就业促进法》第三条、第二十六条（平等就业；用人单位不得实施就业歧视）",
            True,
        ),
        _B(
            "epl_27_labour_13_women_43",
            "Employment Promotion Law art. 27; Labour Law art. 13; Law on the Protection of Women’s Rights and "
            "Interests (2022) art. 43 (no restriction to men or preference for men)",
            "《就业促进法》第二十七条；《劳动法》第十三条；《妇女权益保障法》（2022）第四十三条（不得限定为男性或规定男性优先）",
            True,
            "Women’s Rights Law art. 43 lists: restricting to men or preferring men; asking about marriage and "
            "childbearing beyond basic information; pregnancy tests at hiring; marriage/childbearing as a condition.",
        ),
        _B(
            "women_43_marriage",
            "Law on the Protection of Women’s Rights and Interests (2022) art. 43 (marriage, pregnancy and "
            "childbearing must not be conditions of hiring; no pregnancy tests); Employment Promotion Law art. 27",
            "《妇女权益保障法》（2022）第四十三条（不得将限制结婚、生育或婚育情况作为录用条件，不得将妊娠测试作为入职体检项目）；"
            "《就业促进法》第二十七条",
            True,
        ),
        _B(
            "epl_3_26_age",
            "Employment Promotion Law arts. 3 and 26 (the list of grounds ends in “etc.”; age is not named) and the "
            "2026 notice on online recruitment (age limits in postings)",
            "《就业促进法》第三条、第二十六条（列举以“等”结尾，未明列年龄）；2026年网络招聘相关通知（招聘信息中的年龄限制）",
            False,
            "Age is not named in the statute; the 2026 notice is cited from the issue and not checked.",
        ),
        _B(
            "epl_31_hukou",
            "Employment Promotion Law arts. 26 and 31 (no discriminatory restrictions on rural and migrant workers)",
            "《就业促进法》第二十六条、第三十一条（不得对农村劳动者进城就业设置歧视性限制）",
            True,
        ),
        _B(
            "epl_28_labour_12",
            "Employment Promotion Law art. 28; Labour Law art. 12 (workers of every ethnic group have equal rights)",
            "《就业促进法》第二十八条；《劳动法》第十二条（各民族劳动者享有平等的劳动权利）",
            True,
        ),
        _B(
            "epl_26_appearance",
            "Employment Promotion Law art. 26 (fair employment conditions); appearance and height are not named",
            "《就业促进法》第二十六条（公平的就业条件）；外貌、身高未明列",
            False,
        ),
        _B(
            "epl_30_hbv",
            "Employment Promotion Law art. 30 (carriers of infectious pathogens); Regulations on Employment Services "
            "and Employment Management art. 19 (hepatitis B markers not a hiring test); AIDS Regulations art. 3",
            "《就业促进法》第三十条（传染病病原携带者）；《就业服务与就业管理规定》第十九条（不得将乙肝病毒血清学指标作为体检标准）；"
            "《艾滋病防治条例》第三条",
            False,
            "Article 19 of the Regulations cited from memory.",
        ),
        _B(
            "epl_29_disability",
            "Employment Promotion Law art. 29; Law on the Protection of Persons with Disabilities art. 38; "
            "Regulations on the Employment of Persons with Disabilities",
            "《就业促进法》第二十九条；《残疾人保障法》第三十八条；《残疾人就业条例》",
            False,
            "Article numbers of the disability law and regulations cited from memory.",
        ),
        _B(
            "fees_lcl9_esem14",
            "Labour Contract Law art. 9 (no guarantee or money may be taken from workers); Regulations on Employment "
            "Services and Employment Management art. 14",
            "《劳动合同法》第九条（不得要求劳动者提供担保或者以其他名义收取财物）；《就业服务与就业管理规定》第十四条",
            True,
        ),
        _B(
            "lcl_9_84_papers",
            "Labour Contract Law art. 9 (an employer may not keep a worker's identity card or other papers) and "
            "art. 84 (papers kept must be returned, with a penalty); the 2026 notice on online recruitment",
            "《劳动合同法》第九条（用人单位不得扣押劳动者的居民身份证和其他证件）、第八十四条（责令限期退还并处罚）；"
            "2026年网络招聘相关通知",
            False,
            "Articles 9 and 84 of the Labour Contract Law are certain; the 2026 notice is cited from the issue and "
            "not checked.",
        ),
        _B(
            "training_loan",
            "Regulations on Employment Services and Employment Management art. 14 (no profit under the name of "
            "recruitment); Labour Contract Law art. 9; MOHRSS warnings on “training loans” and recruit-to-train",
            "《就业服务与就业管理规定》第十四条（不得以招用人员为名牟取不正当利益）；《劳动合同法》第九条；人社部关于“培训贷”“招转培”的提示",
            False,
            "The MOHRSS warnings are cited from general knowledge.",
        ),
        _B(
            "hrm_24_true_info",
            "Interim Regulations on the Human Resources Market art. 24 (recruitment information must be true and "
            "lawful, including basic pay)",
            "《人力资源市场暂行条例》第二十四条（招聘信息应当真实、合法，含基本劳动报酬）",
            True,
        ),
        _B(
            "online_recruitment_contact",
            "Provisions on Online Recruitment Services (2021) and the 2026 notice on online recruitment "
            "(communication through the platform; personal information protection)",
            "《网络招聘服务管理规定》（2021）及2026年网络招聘相关通知（通过平台沟通；个人信息保护）",
            False,
        ),
        _B(
            "brushing_fraud",
            "Anti-Unfair Competition Law art. 8 and E-Commerce Law art. 17 (fake transactions and reviews); "
            "Anti-Telecom and Online Fraud Law",
            "《反不正当竞争法》第八条、《电子商务法》第十七条（虚构交易、编造评价）；《反电信网络诈骗法》",
            False,
        ),
        _B(
            "hrm_24_mandatory",
            "Interim Regulations on the Human Resources Market art. 24 (a posting states the employer, headcount, "
            "conditions, work content, place and basic pay) and the 2026 notice on online recruitment",
            "《人力资源市场暂行条例》第二十四条（招聘信息含单位基本情况、招聘人数、招聘条件、工作内容、工作地点、基本劳动报酬）"
            "及2026年网络招聘相关通知",
            False,
        ),
        _B(
            "fraud_model",
            "Regulations on Employment Services and Employment Management art. 14(1) (no false recruitment "
            "information); the fraud classifier’s score is a reason to review, not a finding",
            "《就业服务与就业管理规定》第十四条第一项（不得提供虚假招聘信息）；模型分数仅提示人工复核",
            False,
        ),
    )
}
