//! The one i18n layer: the page language, and every interface string in zh-TW and English.
//!
//! Each language is one `Texts` value, so a string missing from a language is a compile error.
//! Content that editors write (office name, addresses, later announcements) carries its own
//! translations as [`L10n`] values instead.

use serde::{Deserialize, Serialize};

/// The languages the portal is written in. Traditional Chinese first; English second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    ZhTw,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhTw, Lang::En];

    /// The BCP 47 tag used in `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhTw => "zh-Hant-TW",
            Lang::En => "en",
        }
    }

    /// The short code kept in the preference cookie and in forms.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-TW" | "zh-tw" | "zh" => Some(Lang::ZhTw),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name written in itself, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::ZhTw => "中文",
            Lang::En => "English",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::ZhTw => Lang::En,
            Lang::En => Lang::ZhTw,
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::ZhTw => &ZH_TW,
            Lang::En => &EN,
        }
    }
}

/// A piece of content in both languages. English falls back to Chinese when it is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct L10n {
    pub zh: String,
    pub en: String,
}

impl L10n {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.zh,
        }
    }
}

/// A page's title and meta description.
pub struct PageText {
    pub title: &'static str,
    pub description: &'static str,
}

/// Every interface string of the site, in one language.
pub struct Texts {
    pub skip_to_main: &'static str,
    pub access_top: &'static str,
    pub access_main: &'static str,
    pub access_bottom: &'static str,
    pub main_menu: &'static str,
    pub site_tools: &'static str,
    pub font_size: &'static str,
    pub font_sizes: [&'static str; 3],
    pub language: &'static str,
    pub print: &'static str,
    pub sample_notice: &'static str,
    pub footer_label: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub fax: &'static str,
    pub email: &'static str,
    pub hours: &'static str,
    pub last_updated: &'static str,
    pub closed: &'static str,
    pub make_up_workday: &'static str,
    pub special_days: &'static str,
    pub today: &'static str,
    pub map_link: &'static str,
    pub opens_new_window: &'static str,
    pub weekdays: [&'static str; 7],
    pub counter_kinds: [&'static str; 5],
    pub counter_number: &'static str,
    pub location_kinds: [&'static str; 2],
    pub breadcrumb: &'static str,
    pub in_this_section: &'static str,
    pub home_welcome: &'static str,
    pub home_today_heading: &'static str,
    pub home_about_heading: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_body: &'static str,
    pub sitemap_intro: &'static str,
    pub who: &'static str,
    pub bring: &'static str,
    pub fees: &'static str,
    pub how_long: &'static str,
    pub processing_days: &'static str,
    pub items_heading: &'static str,
    pub item: &'static str,
    pub time_limit: &'static str,
    pub one_stop: &'static str,
    pub visit_types: &'static str,
    pub service_number: &'static str,
    pub services_intro: &'static str,
    pub start_booking: &'static str,
    pub continue_: &'static str,
    pub back: &'static str,
    pub change: &'static str,
    pub confirm_booking: &'static str,
    pub error_summary: &'static str,
    pub seats_left: &'static str,
    pub no_days: &'static str,
    pub no_times: &'static str,
    pub slot_taken: &'static str,
    pub already_booked: &'static str,
    pub done_title: &'static str,
    pub reference: &'static str,
    pub what_next: &'static str,
    pub what_next_body: &'static str,
    pub emailed: &'static str,
    pub add_to_calendar: &'static str,
    pub name_label: &'static str,
    pub id_label: &'static str,
    pub id_hint: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub date_label: &'static str,
    pub time_label: &'static str,
    pub place_label: &'static str,
    pub options_none: &'static str,
    pub step_of: &'static str,
    pub lookup_button: &'static str,
    pub reference_hint: &'static str,
    pub lookup_not_found: &'static str,
    pub cancel_booking: &'static str,
    pub cancel_question: &'static str,
    pub cancel_yes: &'static str,
    pub cancel_no: &'static str,
    pub cancelled: &'static str,
    pub already_cancelled: &'static str,
    pub link_expired: &'static str,
    pub status_label: &'static str,
    pub status_active: &'static str,
    pub status_inactive: &'static str,
    pub change_hint: &'static str,
    pub partner_name_label: &'static str,
    pub nationality_label: &'static str,
    pub nationality_tw: &'static str,
    pub nationality_other: &'static str,
    pub partner_id_label: &'static str,
    pub partner_id_hint: &'static str,
    pub suspended: &'static str,
    pub changing: &'static str,
    pub change_booking: &'static str,
    pub start_application: &'static str,
    pub submit_application: &'static str,
    pub check_application: &'static str,
    pub applied_title: &'static str,
    pub applied_next: &'static str,
    pub applied_next_no_pickup: &'static str,
    pub due_label: &'static str,
    pub pickup_label: &'static str,
    pub submitted_label: &'static str,
    pub withdraw_application: &'static str,
    pub withdraw_question: &'static str,
    pub withdraw_yes: &'static str,
    pub withdrawn: &'static str,
    pub change_application: &'static str,
    pub application_hint: &'static str,
    pub cannot_change_application: &'static str,
    pub changing_application: &'static str,
    pub only_when: &'static str,
    pub date_format_hint: &'static str,
    pub no_pickup_days: &'static str,
    pub home: PageText,
    pub lookup: PageText,
    pub book: PageText,
    pub apply: PageText,
    pub services: PageText,
    pub about: PageText,
    pub contact: PageText,
    pub hours_page: PageText,
    pub counters: PageText,
    pub accessibility: PageText,
    pub privacy: PageText,
    pub sitemap: PageText,
    pub not_found: PageText,
    pub error: PageText,
    pub accessibility_body: &'static [&'static str],
    pub access_keys_heading: &'static str,
    pub access_keys: [&'static str; 4],
    pub privacy_body: &'static [&'static str],
}

pub static ZH_TW: Texts = Texts {
    skip_to_main: "跳到主要內容",
    access_top: "上方功能區塊",
    access_main: "中央內容區塊",
    access_bottom: "下方功能區塊",
    main_menu: "主選單",
    site_tools: "網站工具",
    font_size: "字級",
    font_sizes: ["小", "中", "大"],
    language: "語言",
    print: "列印本頁",
    sample_notice: "本站目前顯示的是範例資料，僅供示範，並非機關正式公告。",
    footer_label: "頁尾資訊",
    address: "地址",
    phone: "電話",
    fax: "傳真",
    email: "電子郵件",
    hours: "服務時間",
    last_updated: "最後更新日期",
    closed: "休息",
    make_up_workday: "補班（照常上班）",
    special_days: "近期休假與補班日",
    today: "今日",
    map_link: "在地圖上查看",
    opens_new_window: "（另開新視窗）",
    weekdays: [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ],
    counter_kinds: ["全功能櫃檯", "疼您櫃檯", "愛心櫃檯", "機動櫃檯", "服務檯"],
    counter_number: "櫃檯",
    location_kinds: ["本所", "服務據點"],
    breadcrumb: "導覽路徑",
    in_this_section: "本單元內容",
    home_welcome: "歡迎來到本所網站。您可以在這裡查詢服務時間、服務地點與各櫃檯的服務項目。",
    home_today_heading: "今日服務時間",
    home_about_heading: "認識本所",
    not_found_body: "找不到您要的網頁，可能已經移除或網址有誤。請回首頁或使用網站導覽尋找。",
    back_home: "回首頁",
    error_body: "系統暫時無法處理您的要求，請稍後再試。如持續發生，請來電洽詢。",
    sitemap_intro: "本網站依無障礙規範設計，提供以下快速鍵（導盲磚）：Alt+U 上方功能區塊、Alt+C 中央內容區塊、Alt+Z 下方功能區塊。以下為本網站所有網頁：",
    who: "適用對象",
    bring: "應備文件",
    fees: "規費",
    how_long: "辦理時間",
    processing_days: "處理期限：{} 個上班日",
    items_heading: "辦理項目",
    item: "項目",
    time_limit: "申請期限與注意事項",
    one_stop: "跨機關一站式服務",
    visit_types: "服務方式",
    service_number: "服務",
    services_intro: "以下線上服務可以先在網路上預約或申請，到所時免抽號碼牌、少跑一趟。每項服務都列出適用對象、應備文件、規費與辦理時間。",
    start_booking: "開始預約",
    continue_: "繼續",
    back: "回上一步",
    change: "修改",
    confirm_booking: "確認預約",
    error_summary: "請修正以下問題",
    seats_left: "尚餘 {} 名",
    no_days: "近期沒有可預約的日期，請改日再試或來電洽詢。",
    no_times: "這一天已經沒有空的時段，請選擇其他日期。",
    slot_taken: "您選的時段剛剛額滿了，請選擇其他時段。",
    already_booked: "您當天已經有一筆預約。每人每天限預約一次；如需更改，請查詢並修改原預約。",
    done_title: "預約完成",
    reference: "預約或申請編號",
    what_next: "接下來",
    what_next_body: "請於預約時段準時到所，向服務檯出示預約編號（或下方 QR 碼）與國民身分證，即可直接到櫃檯辦理，免抽號碼牌。逾時 15 分鐘未到視同取消。",
    emailed: "確認信已寄到您的電子郵件信箱。",
    add_to_calendar: "加入行事曆（.ics）",
    name_label: "姓名",
    id_label: "國民身分證統一編號（或居留證統一證號）",
    id_hint: "例如 A123456789，僅用於到所時核對身分，畫面上只會顯示部分號碼。",
    phone_label: "聯絡電話",
    phone_hint: "手機或含區碼的市話，有需要時我們會與您聯繫。",
    email_label: "電子郵件（選填）",
    email_hint: "填寫後會寄送確認信與行事曆檔。",
    date_label: "日期",
    time_label: "時段",
    place_label: "服務地點",
    options_none: "不需要",
    step_of: "第 {} 步，共 {} 步",
    lookup_button: "查詢",
    reference_hint: "預約或申請完成時顯示的 10 碼編號，例如 AB12C-DE34F。",
    lookup_not_found: "查無符合的預約或申請，請核對編號與身分證號是否正確。",
    cancel_booking: "取消這筆預約",
    cancel_question: "確定要取消這筆預約嗎？取消後該時段會開放給其他民眾。",
    cancel_yes: "是，取消預約",
    cancel_no: "不要取消",
    cancelled: "預約已取消。如有提供電子郵件，會收到取消通知。",
    already_cancelled: "這筆預約已經取消或已辦理完成。",
    link_expired: "這個連結已過期，請重新查詢。",
    status_label: "狀態",
    status_active: "已預約",
    status_inactive: "已取消或已完成",
    change_hint: "需要改期或取消時，請使用下方按鈕。",
    partner_name_label: "另一方姓名（外國人請填護照英文姓名）",
    nationality_label: "國籍",
    nationality_tw: "中華民國（臺灣）",
    nationality_other: "其他國籍",
    partner_id_label: "國民身分證統一編號、居留證統一證號或護照號碼",
    partner_id_hint: "本國人請填身分證號；外國人請填居留證統一證號，沒有的話填護照號碼。",
    changing: "您正在更改預約 {} 的時間；確認後會改為新的時段，原時段隨即釋出。",
    change_booking: "改期",
    start_application: "開始申請",
    submit_application: "送出申請",
    check_application: "確認您的申請資料",
    applied_title: "申請已送出",
    applied_next: "本所會在辦理期限內完成；請於您選擇的日期攜帶國民身分證正本到所領取。可隨時以申請編號與身分證號查詢辦理進度。",
    applied_next_no_pickup: "本所會在辦理期限內完成，並以電子郵件或電話通知您。可隨時以申請編號與身分證號查詢辦理進度。",
    due_label: "預計辦妥日",
    pickup_label: "領取",
    submitted_label: "申請日期",
    withdraw_application: "撤回這筆申請",
    withdraw_question: "確定要撤回這筆申請嗎？撤回後無法復原，需要時請重新申請。",
    withdraw_yes: "是，撤回申請",
    withdrawn: "申請已撤回。如有提供電子郵件，會收到通知。",
    change_application: "修改申請內容",
    application_hint: "本所開始辦理前，可以修改或撤回申請。",
    cannot_change_application: "這筆申請已開始辦理或已撤回，無法線上修改或撤回；需要協助請來電。",
    changing_application: "您正在修改申請 {}：送出後，原申請即撤回，並以新的編號受理。",
    only_when: "選擇「{}」時才需填寫。",
    date_format_hint: "日期格式：2026-12-01，或民國 115/12/01。",
    no_pickup_days: "目前沒有可領取的日期，請來電洽詢。",
    suspended: "因近期多次預約未到，您的網路預約暫停至 {}。如有疑問請來電洽詢，臨櫃辦理不受影響。",
    lookup: PageText {
        title: "查詢預約與申請",
        description: "以編號與身分證號查詢網路預約或申請的進度，並可改期、修改或取消。",
    },
    book: PageText {
        title: "網路預約",
        description: "預約到所辦理的日期與時段。",
    },
    apply: PageText {
        title: "線上申請",
        description: "線上填寫申請，到所領取或由本所通知。",
    },
    home: PageText {
        title: "首頁",
        description: "戶政事務所全球資訊網：服務時間、服務地點、櫃檯服務與機關簡介。",
    },
    services: PageText {
        title: "線上服務",
        description: "預約結婚登記、戶籍登記與申請戶籍謄本等七項線上服務的說明。",
    },
    about: PageText {
        title: "機關簡介",
        description: "本所簡介、聯絡資訊、服務時間與櫃檯服務項目。",
    },
    contact: PageText {
        title: "聯絡資訊與服務地點",
        description: "本所與各服務據點的地址、電話、電子郵件與地圖。",
    },
    hours_page: PageText {
        title: "服務時間",
        description: "本所與各服務據點每週的服務時間。",
    },
    counters: PageText {
        title: "櫃檯服務",
        description: "全功能櫃檯、疼您櫃檯、愛心櫃檯、機動櫃檯與服務檯的服務內容。",
    },
    accessibility: PageText {
        title: "無障礙聲明",
        description: "本網站的無障礙設計、快速鍵說明與意見回饋方式。",
    },
    privacy: PageText {
        title: "隱私權及個人資料保護政策",
        description: "本網站如何依個人資料保護法蒐集、處理及利用您的個人資料。",
    },
    sitemap: PageText {
        title: "網站導覽",
        description: "本網站所有網頁的清單與快速鍵說明。",
    },
    not_found: PageText {
        title: "找不到網頁",
        description: "找不到您要的網頁。",
    },
    error: PageText {
        title: "系統錯誤",
        description: "系統暫時無法處理您的要求。",
    },
    accessibility_body: &[
        "本網站依據數位發展部「網站無障礙規範」（WCAG 2.1 AA 等級）設計，讓所有民眾，包括年長者、視障者與使用手機的民眾，都能順利取得資訊。",
        "所有功能在關閉 JavaScript 的瀏覽器中都能使用；字級可在每頁上方切換為小、中、大，並會記住您的選擇；列印時會自動採用友善列印版面。",
        "如果您在使用本網站時遇到任何障礙，歡迎以頁尾的電話或電子郵件告訴我們，我們會儘快改善。",
    ],
    access_keys_heading: "快速鍵（導盲磚）說明",
    access_keys: [
        "Alt+U：上方功能區塊，包括網站名稱、主選單與網站工具。",
        "Alt+C：中央內容區塊，本頁的主要內容。",
        "Alt+Z：下方功能區塊，包括聯絡資訊與相關連結。",
        "Alt+S：網站搜尋（全文檢索功能開放後提供）。",
    ],
    privacy_body: &[
        "本所依據「個人資料保護法」蒐集、處理及利用您的個人資料，僅限於辦理您所申請之戶政業務及相關通知，不作其他用途。",
        "本網站蒐集資料以最少必要為原則。身分證統一編號等個人資料於畫面上均以遮罩方式顯示，系統紀錄不會留存明碼。",
        "瀏覽本網站時，伺服器僅使用兩個功能性 Cookie 記住您選擇的語言與字級，不使用任何追蹤或廣告 Cookie。",
        "除法律另有規定或經您同意外，本所不會將您的個人資料提供給第三人。您可依個人資料保護法第3條向本所請求查詢、閱覽、補充、更正、停止利用或刪除您的個人資料。",
    ],
};

pub static EN: Texts = Texts {
    skip_to_main: "Skip to main content",
    access_top: "Top section",
    access_main: "Main content",
    access_bottom: "Footer section",
    main_menu: "Main menu",
    site_tools: "Site tools",
    font_size: "Text size",
    font_sizes: ["Small", "Medium", "Large"],
    language: "Language",
    print: "Print this page",
    sample_notice: "This site shows sample content for demonstration; it is not an official notice of the office.",
    footer_label: "Footer",
    address: "Address",
    phone: "Phone",
    fax: "Fax",
    email: "E-mail",
    hours: "Opening hours",
    last_updated: "Last updated",
    closed: "Closed",
    make_up_workday: "Make-up working day (open)",
    special_days: "Coming holidays and make-up working days",
    today: "Today",
    map_link: "View on a map",
    opens_new_window: " (opens in a new window)",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    counter_kinds: [
        "Full-service counter",
        "Privacy counter",
        "Priority counter",
        "Mobile counter",
        "Information desk",
    ],
    counter_number: "Counter",
    location_kinds: ["Main office", "Service point"],
    breadcrumb: "Breadcrumb",
    in_this_section: "In this section",
    home_welcome: "Welcome. Here you can find our opening hours, our service locations and what each counter does.",
    home_today_heading: "Opening hours today",
    home_about_heading: "About the office",
    not_found_body: "We could not find that page. It may have moved, or the address may be mistyped. Try the home page or the site map.",
    back_home: "Back to the home page",
    error_body: "Something went wrong on our side. Please try again later, or call us if it keeps happening.",
    sitemap_intro: "This site follows accessibility guidelines and offers these access keys: Alt+U top section, Alt+C main content, Alt+Z footer. Every page of the site:",
    who: "Who it is for",
    bring: "What to bring",
    fees: "Fees",
    how_long: "How long it takes",
    processing_days: "Processing time: {} working days",
    items_heading: "Registration items",
    item: "Item",
    time_limit: "Time limit and notes",
    one_stop: "Other agencies at the same visit",
    visit_types: "Where we come",
    service_number: "Service",
    services_intro: "These services can be booked or applied for online first, so there is no queue ticket and no wasted trip. Each lists who it is for, what to bring, fees and how long it takes.",
    start_booking: "Start booking",
    continue_: "Continue",
    back: "Back",
    change: "Change",
    confirm_booking: "Confirm the booking",
    error_summary: "There is a problem",
    seats_left: "{} places left",
    no_days: "No days can be booked at the moment; please try again later or call us.",
    no_times: "No times are left that day; please choose another day.",
    slot_taken: "The time you chose has just been taken; please choose another.",
    already_booked: "You already have a booking that day. One booking per person per day; to change it, look it up and change it.",
    done_title: "Booking confirmed",
    reference: "Reference",
    what_next: "What happens next",
    what_next_body: "Come on time and show your booking reference (or the QR code below) and your ID card at the information desk; you go straight to a counter without a queue ticket. 15 minutes late counts as a missed appointment.",
    emailed: "A confirmation has been sent to your e-mail address.",
    add_to_calendar: "Add to calendar (.ics)",
    name_label: "Full name",
    id_label: "National ID number (or resident certificate number)",
    id_hint: "For example A123456789. Only used to check who you are at the office; shown masked on screen.",
    phone_label: "Phone number",
    phone_hint: "A mobile or a landline with its area code, in case we need to reach you.",
    email_label: "E-mail (optional)",
    email_hint: "We send the confirmation and a calendar file here.",
    date_label: "Day",
    time_label: "Time",
    place_label: "Place",
    options_none: "None needed",
    step_of: "Step {} of {}",
    lookup_button: "Look up",
    reference_hint: "The 10-character reference shown when you booked or applied, such as AB12C-DE34F.",
    lookup_not_found: "Nothing matches; please check the reference and the ID number.",
    cancel_booking: "Cancel this booking",
    cancel_question: "Cancel this booking? The time will be offered to others.",
    cancel_yes: "Yes, cancel it",
    cancel_no: "No, keep it",
    cancelled: "The booking is cancelled. If you gave an e-mail address, a notice is on its way.",
    already_cancelled: "This booking was already cancelled or has been served.",
    link_expired: "This link has expired; please look the booking up again.",
    status_label: "Status",
    status_active: "Booked",
    status_inactive: "Cancelled or served",
    change_hint: "To move or cancel it, use the buttons below.",
    partner_name_label: "The other party's full name (as in the passport, for foreign nationals)",
    nationality_label: "Nationality",
    nationality_tw: "Republic of China (Taiwan)",
    nationality_other: "Another nationality",
    partner_id_label: "National ID, resident certificate or passport number",
    partner_id_hint: "Citizens: the national ID number. Foreign nationals: the resident certificate number, or the passport number if there is none.",
    changing: "You are moving booking {} to a new time; once you confirm, the old time is released.",
    change_booking: "Change the time",
    start_application: "Start the application",
    submit_application: "Send the application",
    check_application: "Check your answers",
    applied_title: "Application sent",
    applied_next: "We finish it within the time limit; collect it on the day you chose, bringing your ID card. You can look up its progress with the reference and your ID number at any time.",
    applied_next_no_pickup: "We finish it within the time limit and tell you by e-mail or phone. You can look up its progress with the reference and your ID number at any time.",
    due_label: "Expected to be ready by",
    pickup_label: "Collect",
    submitted_label: "Applied on",
    withdraw_application: "Withdraw this application",
    withdraw_question: "Withdraw this application? This cannot be undone; apply again if you need to.",
    withdraw_yes: "Yes, withdraw it",
    withdrawn: "The application is withdrawn. If you gave an e-mail address, a notice is on its way.",
    change_application: "Change the application",
    application_hint: "Until we start on it, you can change or withdraw the application.",
    cannot_change_application: "We have started on this application, or it was withdrawn, so it can no longer be changed online; please call us if you need help.",
    changing_application: "You are changing application {}: when you send this, the old one is withdrawn and this one gets a new reference.",
    only_when: "Only if you chose “{}”.",
    date_format_hint: "Write the date as 2026-12-01.",
    no_pickup_days: "No collection days are open at the moment; please call us.",
    suspended: "Because of several recent missed appointments, online booking is suspended for you until {}. Please call us with any questions; you can still come to a counter.",
    lookup: PageText {
        title: "Look up a booking or application",
        description: "Look up an online booking or application with its reference and your ID number, and change or cancel it.",
    },
    book: PageText {
        title: "Book online",
        description: "Book the day and time of your visit.",
    },
    apply: PageText {
        title: "Apply online",
        description: "Apply online, then collect at the office or hear from us.",
    },
    home: PageText {
        title: "Home",
        description: "Household registration office: opening hours, locations, counter services and information about the office.",
    },
    services: PageText {
        title: "Online services",
        description: "The seven online services: booking a marriage or registration visit, household transcripts and more.",
    },
    about: PageText {
        title: "About the office",
        description: "About the office, contact details, opening hours and counter services.",
    },
    contact: PageText {
        title: "Contact and locations",
        description: "Addresses, phone numbers, e-mail and maps of the office and its service points.",
    },
    hours_page: PageText {
        title: "Opening hours",
        description: "Weekly opening hours of the office and its service points.",
    },
    counters: PageText {
        title: "Counter services",
        description: "What the full-service, privacy, priority and mobile counters and the information desk do.",
    },
    accessibility: PageText {
        title: "Accessibility statement",
        description: "How this site is made accessible, its access keys, and how to report a problem.",
    },
    privacy: PageText {
        title: "Privacy and personal data policy",
        description: "How this site collects, processes and uses personal data under the Personal Data Protection Act.",
    },
    sitemap: PageText {
        title: "Site map",
        description: "Every page of this site, and its access keys.",
    },
    not_found: PageText {
        title: "Page not found",
        description: "The page you asked for was not found.",
    },
    error: PageText {
        title: "Something went wrong",
        description: "The site could not handle your request.",
    },
    accessibility_body: &[
        "This site is designed to the Ministry of Digital Affairs web accessibility guidelines (WCAG 2.1 level AA), so that everyone, including older people, blind and partially sighted people and people on phones, can use it.",
        "Everything works with JavaScript turned off. The text size can be set to small, medium or large at the top of every page and is remembered; printed pages use a print-friendly layout.",
        "If anything on this site is hard to use, please tell us by the phone number or e-mail address in the footer and we will fix it.",
    ],
    access_keys_heading: "Access keys",
    access_keys: [
        "Alt+U: top section, with the site name, main menu and site tools.",
        "Alt+C: main content of the page.",
        "Alt+Z: footer, with contact details and related links.",
        "Alt+S: site search (once full-text search is available).",
    ],
    privacy_body: &[
        "The office collects, processes and uses personal data under the Personal Data Protection Act, only to handle the household registration matters you apply for and to notify you about them.",
        "We collect the minimum we need. National ID numbers and other personal data are always shown masked, and our logs never keep them in clear.",
        "When you browse this site, the server sets only two functional cookies, to remember your language and text size. No tracking or advertising cookies are used.",
        "We do not give your personal data to third parties unless the law requires it or you agree. Under Article 3 of the Act you may ask to see, copy, supplement, correct, stop the use of or delete your personal data.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_content_falls_back_to_chinese_when_missing() {
        let name = L10n::new("霧峰區戶政事務所", "");
        assert_eq!(name.get(Lang::En), "霧峰區戶政事務所");
        assert_eq!(L10n::new("甲", "A").get(Lang::En), "A");
        assert_eq!(L10n::new("甲", "A").get(Lang::ZhTw), "甲");
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
