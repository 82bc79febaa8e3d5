//! The questions of the five online applications (plan item 3-3, services 1 and 3–6), as one
//! definition per service: its pages, each page's fields with their labels, hints and kind.
//! The question pages, the check page, the stored answers and (later) the printable ODF and
//! PDF forms are all made from these, so they cannot drift apart.

use crate::i18n::Lang;

/// A label in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Tr {
    pub const fn new(zh: &'static str, en: &'static str) -> Tr {
        Tr { zh, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhTw => self.zh,
            Lang::En => self.en,
        }
    }
}

/// One choice of a radio or checkbox list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opt {
    pub code: &'static str,
    pub label: Tr,
}

const fn opt(code: &'static str, zh: &'static str, en: &'static str) -> Opt {
    Opt {
        code,
        label: Tr::new(zh, en),
    }
}

/// What a field holds, which decides how it is shown and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A person's name as written on the ID card (Chinese or other), up to 50 characters.
    Name,
    /// A name spelt exactly as in the passport: Latin letters, spaces, hyphens, commas, apostrophes.
    EnglishName,
    /// A national ID or resident certificate number, with its check digit.
    NationalId,
    /// A Taiwanese mobile or landline number.
    Phone,
    /// An e-mail address.
    Email,
    /// One line of free text.
    Text { max: usize },
    /// Several lines of free text.
    LongText { max: usize },
    /// A Taiwanese postal address: at least a district or road and a number.
    Address,
    /// A whole number of copies or people.
    Count { min: u16, max: u16 },
    /// One of a fixed list.
    Choice(&'static [Opt]),
    /// Any of a fixed list (at least one when required).
    Multi(&'static [Opt]),
    /// A day from `min_days` to `max_days` after today; on a working day when `working`.
    Day {
        min_days: i64,
        max_days: i64,
        working: bool,
    },
    /// A service point of the office, from the office's data.
    Place,
    /// The day to collect: a working day from the day the application is ready, up to 30 days.
    PickupDay,
    /// One of the service's items (the home visit's kinds of visit), from the service's data.
    Item,
    /// People to list on an English transcript: one per line, Chinese name and passport name.
    People { max: usize },
    /// A table to fill in by hand on a paper form (a roster): its columns and how many rows.
    Table { columns: &'static [Tr], rows: usize },
}

/// A field is asked only when another field has one of these values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    pub field: &'static str,
    pub any_of: &'static [&'static str],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: Tr,
    pub hint: Option<Tr>,
    pub kind: Kind,
    pub required: bool,
    pub when: Option<When>,
    /// Personal data shown masked on the check page and in lookups.
    pub personal: bool,
}

/// One question page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub code: &'static str,
    pub title: Tr,
    /// A sentence under the title, if the page needs one.
    pub lead: Option<Tr>,
    /// Asked only when an earlier answer has one of these values.
    pub when: Option<When>,
    pub fields: &'static [Field],
}

/// The whole application form of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    pub service: &'static str,
    pub pages: &'static [Page],
}

impl Form {
    pub fn page(&self, code: &str) -> Option<&'static Page> {
        self.pages.iter().find(|p| p.code == code)
    }

    pub fn fields(&self) -> impl Iterator<Item = &'static Field> {
        self.pages.iter().flat_map(|p| p.fields.iter())
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields().find(|f| f.name == name)
    }
}

const fn field(name: &'static str, label: Tr, kind: Kind) -> Field {
    Field {
        name,
        label,
        hint: None,
        kind,
        required: true,
        when: None,
        personal: false,
    }
}

impl Field {
    const fn hint(mut self, hint: Tr) -> Field {
        self.hint = Some(hint);
        self
    }

    const fn optional(mut self) -> Field {
        self.required = false;
        self
    }

    const fn when(mut self, field: &'static str, any_of: &'static [&'static str]) -> Field {
        self.when = Some(When { field, any_of });
        self
    }

    const fn personal(mut self) -> Field {
        self.personal = true;
        self
    }
}

// The fields several forms share.

const NAME: Field = field("name", Tr::new("姓名", "Full name"), Kind::Name);
const ID: Field = field(
    "id",
    Tr::new("國民身分證統一編號", "National ID number"),
    Kind::NationalId,
)
.hint(Tr::new(
    "1 個英文字母加 9 位數字；新住民請填居留證統一證號。",
    "One letter and nine digits; new residents give their resident certificate number.",
))
.personal();
const PHONE: Field = field("phone", Tr::new("聯絡電話", "Phone number"), Kind::Phone)
    .hint(Tr::new(
        "手機或含區碼的市話，辦理進度有疑問時聯絡您。",
        "Mobile, or landline with area code, in case we need to ask you something.",
    ))
    .personal();
const EMAIL: Field = field(
    "email",
    Tr::new("電子郵件（選填）", "E-mail (optional)"),
    Kind::Email,
)
.hint(Tr::new(
    "填寫後會收到受理通知與辦理進度。",
    "Give one to receive the confirmation and progress notices.",
))
.optional()
.personal();

const APPLICANT: Page = Page {
    code: "applicant",
    title: Tr::new("申請人資料", "About you"),
    lead: None,
    when: None,
    fields: &[NAME, ID, PHONE, EMAIL],
};

const COPIES: Field = field(
    "copies",
    Tr::new("份數", "Number of copies"),
    Kind::Count { min: 1, max: 10 },
);

const PICKUP: Page = Page {
    code: "pickup",
    title: Tr::new("領取地點與日期", "Where and when to collect"),
    lead: Some(Tr::new(
        "請攜帶國民身分證正本到所領取；委託他人領取時，請附委託書及受託人身分證。",
        "Bring your ID card to collect it; someone collecting for you brings a letter of authorisation and their own ID card.",
    )),
    when: None,
    fields: &[
        field("place", Tr::new("領取地點", "Collect at"), Kind::Place),
        field(
            "pickup_day",
            Tr::new("領取日期", "Collect on"),
            Kind::PickupDay,
        )
        .hint(Tr::new(
            "可選擇辦妥當日起 30 日內的上班日。",
            "Any working day from the day it is ready, up to 30 days.",
        )),
    ],
};

const TRANSCRIPT_SCOPES: &[Opt] = &[
    opt(
        "current_all",
        "現戶全部（全戶人口）",
        "Whole current household",
    ),
    opt(
        "current_part",
        "現戶部分（指定人口）",
        "Part of the current household (named people)",
    ),
    opt(
        "removed",
        "除戶（已遷出、死亡等除戶資料）",
        "Removed records (moved out, deceased …)",
    ),
];

pub const CERTIFICATE: Form = Form {
    service: "certificate",
    pages: &[
        APPLICANT,
        Page {
            code: "document",
            title: Tr::new("申請什麼證明？", "What do you need?"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "document",
                    Tr::new("證明種類", "Document"),
                    Kind::Choice(&[
                        opt(
                            "household_certificate",
                            "戶口名簿（補領或換領）",
                            "Household certificate (replacement or renewal)",
                        ),
                        opt("transcript", "戶籍謄本", "Household transcript"),
                    ]),
                ),
                field(
                    "purpose",
                    Tr::new("用途（選填）", "What it is for (optional)"),
                    Kind::Text { max: 60 },
                )
                .optional(),
            ],
        },
        Page {
            code: "transcript",
            title: Tr::new("謄本的內容", "What the transcript shows"),
            lead: None,
            when: Some(When {
                field: "document",
                any_of: &["transcript"],
            }),
            fields: &[
                field(
                    "scope",
                    Tr::new("謄本範圍", "Transcript covers"),
                    Kind::Choice(TRANSCRIPT_SCOPES),
                ),
                field(
                    "people",
                    Tr::new("列印的人口", "People to include"),
                    Kind::Text { max: 100 },
                )
                .hint(Tr::new(
                    "請填寫姓名，多人以頓號或逗號分隔。",
                    "Their names, separated by commas.",
                ))
                .when("scope", &["current_part"])
                .personal(),
                field(
                    "notes",
                    Tr::new("記事欄", "Notes section"),
                    Kind::Choice(&[
                        opt("full", "詳細記事", "Full notes"),
                        opt(
                            "brief",
                            "省略記事（一般用途多用此種）",
                            "Notes omitted (enough for most uses)",
                        ),
                    ]),
                ),
                COPIES,
            ],
        },
        PICKUP,
    ],
};

pub const ENGLISH_TRANSCRIPT: Form = Form {
    service: "english-transcript",
    pages: &[
        Page {
            code: "applicant",
            title: Tr::new("申請人資料", "About you"),
            lead: None,
            when: None,
            fields: &[
                NAME,
                field(
                    "english_name",
                    Tr::new("英文姓名（與護照相同）", "Name as in your passport"),
                    Kind::EnglishName,
                )
                .hint(Tr::new(
                    "請依護照拼寫，例如 CHEN, HSIAO-MEI。",
                    "Spelt exactly as in the passport, for example CHEN, HSIAO-MEI.",
                )),
                ID,
                PHONE,
                EMAIL,
            ],
        },
        Page {
            code: "people",
            title: Tr::new("謄本要列出哪些人？", "Who should the transcript list?"),
            lead: Some(Tr::new(
                "英文謄本上的姓名依護照拼寫；沒有護照者依外交部公告之譯音。",
                "Names are printed as spelt in each passport; for someone without one, by the official romanisation.",
            )),
            when: None,
            fields: &[
                field(
                    "scope",
                    Tr::new("謄本範圍", "Transcript covers"),
                    Kind::Choice(&[
                        opt(
                            "current_all",
                            "現戶全部（全戶人口）",
                            "Whole current household",
                        ),
                        opt(
                            "current_part",
                            "現戶部分（指定人口）",
                            "Part of the current household (named people)",
                        ),
                    ]),
                ),
                field(
                    "people",
                    Tr::new("列出的人口", "People to list"),
                    Kind::People { max: 12 },
                )
                .hint(Tr::new(
                    "每行一人：中文姓名、英文姓名，例如「陳大明, CHEN, TA-MING」。",
                    "One person per line: Chinese name, then the passport name, for example 陳大明, CHEN, TA-MING.",
                ))
                .when("scope", &["current_part"])
                .personal(),
                COPIES,
            ],
        },
        PICKUP,
    ],
};

pub const HOME_VISIT: Form = Form {
    service: "home-visit",
    pages: &[
        Page {
            code: "visit",
            title: Tr::new("需要哪一種到場服務？", "What kind of visit?"),
            lead: None,
            when: None,
            fields: &[field(
                "visit_type",
                Tr::new("服務類別", "Visit"),
                Kind::Item,
            )],
        },
        Page {
            code: "person",
            title: Tr::new("需要服務的是誰？", "Who is the visit for?"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "person_name",
                    Tr::new("當事人姓名或團體名稱", "Name of the person or group"),
                    Kind::Text { max: 60 },
                ),
                field(
                    "person_id",
                    Tr::new(
                        "當事人國民身分證統一編號",
                        "The person's national ID number",
                    ),
                    Kind::NationalId,
                )
                .when("visit_type", &["home", "hospital"])
                .personal(),
                field(
                    "group_size",
                    Tr::new("預計人數", "How many people"),
                    Kind::Count { min: 1, max: 500 },
                )
                .when("visit_type", &["school", "factory", "village", "agency"]),
                field(
                    "reason",
                    Tr::new("無法到所的原因", "Why they cannot come"),
                    Kind::Choice(&[
                        opt("elderly", "年長行動不便", "Old age, limited mobility"),
                        opt("ill", "重病或住院", "Serious illness or in hospital"),
                        opt("disabled", "身心障礙", "Disability"),
                        opt("group", "團體集體辦理", "A group applying together"),
                        opt("other", "其他", "Other"),
                    ]),
                ),
                field(
                    "reason_detail",
                    Tr::new("說明", "Tell us more"),
                    Kind::LongText { max: 500 },
                )
                .hint(Tr::new(
                    "例如行動情形、病房號碼、方便服務的時段。",
                    "For example how they move, the ward number, or good times for the visit.",
                ))
                .optional()
                .personal(),
            ],
        },
        Page {
            code: "place",
            title: Tr::new("到哪裡、辦什麼？", "Where, and for what?"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "address",
                    Tr::new("服務地址", "Address of the visit"),
                    Kind::Address,
                )
                .hint(Tr::new(
                    "醫院請寫院名、樓層與病房。",
                    "For a hospital, give its name, floor and ward.",
                ))
                .personal(),
                field(
                    "needs",
                    Tr::new("要辦理的項目", "What needs doing"),
                    Kind::Multi(&[
                        opt(
                            "id_card",
                            "請領國民身分證（初領、換領、補領）",
                            "Issue an ID card (first, renewal, replacement)",
                        ),
                        opt("seal", "印鑑登記或變更", "Register or change a seal"),
                        opt("household_certificate", "戶口名簿", "Household certificate"),
                        opt("transcript", "戶籍謄本", "Household transcript"),
                        opt("registration", "其他戶籍登記", "Another registration"),
                    ]),
                ),
                field(
                    "preferred_day",
                    Tr::new("希望服務的日期", "Preferred day"),
                    Kind::Day {
                        min_days: 3,
                        max_days: 60,
                        working: true,
                    },
                )
                .hint(Tr::new(
                    "3 天後至 60 天內的上班日；本所會再來電確認時間。",
                    "A working day from 3 to 60 days ahead; we call you to agree the time.",
                )),
            ],
        },
        Page {
            code: "applicant",
            title: Tr::new("申請人（聯絡人）資料", "About you (the contact)"),
            lead: None,
            when: None,
            fields: &[
                NAME,
                ID,
                field(
                    "relation",
                    Tr::new("與當事人的關係", "Relationship to the person"),
                    Kind::Text { max: 20 },
                )
                .hint(Tr::new(
                    "例如本人、子女、社工、承辦人。",
                    "For example self, son or daughter, social worker, organiser.",
                )),
                PHONE,
                EMAIL,
            ],
        },
    ],
};

pub const HOUSE_NUMBER: Form = Form {
    service: "house-number",
    pages: &[
        APPLICANT,
        Page {
            code: "address",
            title: Tr::new("哪一個門牌？", "Which address?"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "old_address",
                    Tr::new("整編前門牌", "Address before the change"),
                    Kind::Address,
                )
                .personal(),
                field(
                    "new_address",
                    Tr::new("整編後門牌", "Address after the change"),
                    Kind::Address,
                )
                .personal(),
                COPIES,
            ],
        },
        PICKUP,
    ],
};

pub const DELIVERY_ADDRESS: Form = Form {
    service: "delivery-address",
    pages: &[
        APPLICANT,
        Page {
            code: "address",
            title: Tr::new("公文要寄到哪裡？", "Where should official mail go?"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "delivery_address",
                    Tr::new("指定送達地址", "Delivery address"),
                    Kind::Address,
                )
                .hint(Tr::new(
                    "含郵遞區號，例如 413 臺中市霧峰區中正路 1 號。",
                    "With the postcode, for example 413 No. 1, Zhongzheng Rd., Wufeng Dist., Taichung City.",
                ))
                .personal(),
                field(
                    "from_day",
                    Tr::new("自哪一天起", "From"),
                    Kind::Day {
                        min_days: 0,
                        max_days: 365,
                        working: false,
                    },
                ),
            ],
        },
    ],
};

// The paper-only forms of the catalogue (申請書表下載): filled in by hand and brought to the
// counter. Same definitions as the online ones, so the catalogue renders them the same way.

const BIRTHDAY: Field = field(
    "birthday",
    Tr::new("出生日期", "Date of birth"),
    Kind::Text { max: 20 },
)
.hint(Tr::new("民國　年　月　日", "Day, month, year"))
.personal();
const ADDRESS: Field = field(
    "address",
    Tr::new("戶籍地址", "Registered address"),
    Kind::Address,
)
.personal();

pub const REGISTRATION: Form = Form {
    service: "registration",
    pages: &[
        Page {
            code: "event",
            title: Tr::new("登記事項", "What to register"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "event",
                    Tr::new("登記類別", "Registration"),
                    Kind::Choice(&[
                        opt("birth", "出生登記", "Birth"),
                        opt("move_in", "遷入登記", "Moving in"),
                        opt("move_out", "遷出登記", "Moving out"),
                        opt("address", "住址變更登記", "Change of address"),
                        opt("marriage", "結婚登記", "Marriage"),
                        opt("divorce", "離婚登記", "Divorce"),
                        opt("death", "死亡登記", "Death"),
                        opt("other", "其他", "Other"),
                    ]),
                ),
                field(
                    "event_day",
                    Tr::new("事件發生日期", "Date of the event"),
                    Kind::Text { max: 20 },
                )
                .hint(Tr::new("民國　年　月　日", "Day, month, year")),
                field(
                    "details",
                    Tr::new("登記內容", "Details"),
                    Kind::LongText { max: 500 },
                )
                .hint(Tr::new(
                    "例如遷入的新地址、新生兒姓名。",
                    "For example the new address, or the baby's name.",
                )),
            ],
        },
        Page {
            code: "person",
            title: Tr::new("當事人", "The person registered"),
            lead: None,
            when: None,
            fields: &[
                field("person_name", Tr::new("當事人姓名", "Name"), Kind::Name),
                field(
                    "person_id",
                    Tr::new("國民身分證統一編號", "National ID number"),
                    Kind::NationalId,
                )
                .personal(),
                BIRTHDAY,
                ADDRESS,
            ],
        },
        Page {
            code: "applicant",
            title: Tr::new("申請人", "Applicant"),
            lead: None,
            when: None,
            fields: &[
                NAME,
                ID,
                field(
                    "relation",
                    Tr::new("與當事人的關係", "Relationship to the person"),
                    Kind::Text { max: 20 },
                ),
                PHONE,
            ],
        },
    ],
};

pub const SEAL: Form = Form {
    service: "seal",
    pages: &[
        Page {
            code: "request",
            title: Tr::new("申請事項", "What you apply for"),
            lead: Some(Tr::new(
                "印鑑登記、變更、廢止須本人親自辦理，並攜帶國民身分證及印章。",
                "Registering, changing or cancelling a seal is done in person, with your ID card and the seal.",
            )),
            when: None,
            fields: &[
                field(
                    "request",
                    Tr::new("申請類別", "Application"),
                    Kind::Choice(&[
                        opt("register", "印鑑登記", "Register a seal"),
                        opt("change", "印鑑變更", "Change the seal"),
                        opt("cancel", "印鑑廢止", "Cancel the seal"),
                        opt("certificate", "印鑑證明", "Seal certificate"),
                    ]),
                ),
                COPIES.when("request", &["certificate"]),
                field(
                    "purpose",
                    Tr::new("用途", "What it is for"),
                    Kind::Text { max: 60 },
                )
                .when("request", &["certificate"]),
            ],
        },
        Page {
            code: "person",
            title: Tr::new("申請人", "Applicant"),
            lead: None,
            when: None,
            fields: &[NAME, ID, BIRTHDAY, ADDRESS, PHONE],
        },
        Page {
            code: "seal",
            title: Tr::new("印鑑", "Seal"),
            lead: None,
            when: None,
            fields: &[field(
                "seal",
                Tr::new("印鑑（請於框內蓋章）", "Seal (stamp inside the box)"),
                Kind::LongText { max: 0 },
            )],
        },
    ],
};

pub const AUTHORISATION: Form = Form {
    service: "authorisation",
    pages: &[
        Page {
            code: "principal",
            title: Tr::new("委託人", "The person giving authority"),
            lead: None,
            when: None,
            fields: &[NAME, ID, PHONE, ADDRESS],
        },
        Page {
            code: "agent",
            title: Tr::new("受託人", "The person authorised"),
            lead: Some(Tr::new(
                "受託人辦理時請攜帶本委託書、委託人及受託人的國民身分證正本。",
                "The person authorised brings this letter, their own ID card and yours.",
            )),
            when: None,
            fields: &[
                field("agent_name", Tr::new("受託人姓名", "Name"), Kind::Name),
                field(
                    "agent_id",
                    Tr::new("受託人國民身分證統一編號", "National ID number"),
                    Kind::NationalId,
                )
                .personal(),
                field("agent_phone", Tr::new("受託人電話", "Phone"), Kind::Phone).personal(),
                field(
                    "agent_address",
                    Tr::new("受託人地址", "Address"),
                    Kind::Address,
                )
                .personal(),
            ],
        },
        Page {
            code: "matters",
            title: Tr::new("委託事項", "What they may do for you"),
            lead: None,
            when: None,
            fields: &[
                field(
                    "matters",
                    Tr::new("委託辦理", "Matters"),
                    Kind::Multi(&[
                        opt("registration", "戶籍登記", "A registration"),
                        opt(
                            "certificate",
                            "申請戶籍謄本或戶口名簿",
                            "A household transcript or certificate",
                        ),
                        opt(
                            "id_card",
                            "國民身分證（換領、補領）",
                            "An ID card (renewal, replacement)",
                        ),
                        opt("other", "其他", "Other"),
                    ]),
                ),
                field(
                    "details",
                    Tr::new("說明", "Details"),
                    Kind::LongText { max: 300 },
                )
                .optional(),
            ],
        },
    ],
};

pub const ID_CARD: Form = Form {
    service: "id-card",
    pages: &[
        Page {
            code: "request",
            title: Tr::new("請領類別", "Application"),
            lead: Some(Tr::new(
                "請附最近 2 年內 2 吋彩色正面半身照片 1 張；14 歲以上初領、換領、補領須本人親自辦理。",
                "Bring one recent colour photo (2 inch, taken within 2 years); from age 14 you apply in person.",
            )),
            when: None,
            fields: &[
                field(
                    "request",
                    Tr::new("請領類別", "Application"),
                    Kind::Choice(&[
                        opt("first", "初領", "First card"),
                        opt("renewal", "換領", "Renewal"),
                        opt("replacement", "補領", "Replacement"),
                    ]),
                ),
                field(
                    "reason",
                    Tr::new("補領原因", "Why it is replaced"),
                    Kind::Choice(&[
                        opt("lost", "遺失", "Lost"),
                        opt("damaged", "毀損", "Damaged"),
                        opt("other", "其他", "Other"),
                    ]),
                )
                .when("request", &["replacement"]),
            ],
        },
        Page {
            code: "person",
            title: Tr::new("申請人", "Applicant"),
            lead: None,
            when: None,
            fields: &[NAME, ID, BIRTHDAY, ADDRESS, PHONE],
        },
    ],
};

pub const GROUP_ROSTER: Form = Form {
    service: "group-roster",
    pages: &[
        Page {
            code: "group",
            title: Tr::new("團體資料", "The group"),
            lead: Some(Tr::new(
                "學校、工廠、社區或機關申請到場服務時，連同線上申請或臨櫃申請一併提出。",
                "For schools, factories, villages and agencies asking for a visit: send it with the visit application.",
            )),
            when: None,
            fields: &[
                field(
                    "group_name",
                    Tr::new("團體名稱", "Name of the group"),
                    Kind::Text { max: 60 },
                ),
                field("contact", Tr::new("聯絡人", "Contact person"), Kind::Name),
                PHONE,
            ],
        },
        Page {
            code: "members",
            title: Tr::new("名冊", "Roster"),
            lead: None,
            when: None,
            fields: &[field(
                "members",
                Tr::new("申辦人員", "People to serve"),
                Kind::Table {
                    columns: &[
                        Tr::new("姓名", "Name"),
                        Tr::new("國民身分證統一編號", "National ID number"),
                        Tr::new("出生日期", "Date of birth"),
                        Tr::new("申辦項目", "What they need"),
                    ],
                    rows: 15,
                },
            )
            .personal()],
        },
    ],
};

/// The forms only available on paper (printed from the catalogue).
pub const PAPER: [Form; 5] = [REGISTRATION, SEAL, AUTHORISATION, ID_CARD, GROUP_ROSTER];

pub const ALL: [Form; 5] = [
    CERTIFICATE,
    ENGLISH_TRANSCRIPT,
    HOME_VISIT,
    HOUSE_NUMBER,
    DELIVERY_ADDRESS,
];

/// The application form of a service, if it is one of the five.
pub fn form_of(service: &str) -> Option<&'static Form> {
    ALL.iter().find(|f| f.service == service)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_form_names_its_fields_once_and_conditions_refer_to_earlier_fields() {
        for form in ALL {
            let mut seen = HashSet::new();
            for page in form.pages {
                for f in page.fields {
                    assert!(seen.insert(f.name), "{}: {} twice", form.service, f.name);
                    if let Some(when) = f.when {
                        assert!(
                            seen.contains(when.field),
                            "{}: {} depends on {}, which is not asked before it",
                            form.service,
                            f.name,
                            when.field
                        );
                    }
                }
            }
            let pages: HashSet<_> = form.pages.iter().map(|p| p.code).collect();
            assert_eq!(pages.len(), form.pages.len(), "{}", form.service);
            assert!(!pages.contains("check") && !pages.contains("done"));
        }
    }

    #[test]
    fn paper_forms_follow_the_same_rules() {
        let mut services = HashSet::new();
        for form in ALL.iter().chain(PAPER.iter()) {
            assert!(services.insert(form.service), "{} twice", form.service);
            let mut seen = HashSet::new();
            for f in form.fields() {
                assert!(seen.insert(f.name), "{}: {} twice", form.service, f.name);
                if let Some(when) = f.when {
                    assert!(seen.contains(when.field), "{}: {}", form.service, f.name);
                }
            }
        }
    }

    #[test]
    fn the_applicant_is_always_reachable() {
        for form in ALL {
            assert!(form.field("phone").is_some(), "{}", form.service);
            assert!(form.field("email").is_some(), "{}", form.service);
        }
    }
}
