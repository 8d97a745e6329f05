//! The classes a number of a document can end up in ([`NumberClass`]): a mention's kind, a
//! table cell, a named non-figure or unaccounted. The filters name the class they give and the
//! account counts them, so the list stands apart from both.

crate::vocabulary! {
    /// What a number of a document turned out to be.
    pub enum NumberClass {
        /// Part of a date mention.
        Date => "date",
        /// Part of a count mention.
        Count => "count",
        /// Part of a percentage mention.
        Percent => "percent",
        /// Part of a money mention.
        Money => "money",
        /// In a cell of a table the layout stage read (typed in `tables.jsonl`).
        TableCell => "table_cell",
        /// In a URL or an e-mail address.
        Url => "url",
        /// A phone or fax number.
        Phone => "phone",
        /// A postal code.
        Postal => "postal",
        /// An address's block or lot (`4丁目12番地`).
        Address => "address",
        /// An identifier or code number (`ページ番号:0021709`, `15349-1650-2027`, `No.5`).
        Id => "id",
        /// A figure glued to Latin letters: a code or a name (`G20`, `5G`, `PM2.5`).
        Code => "code",
        /// A page number (`P.12`, `3ページ`, `…… 11P`).
        Page => "page",
        /// A heading's, list item's or exhibit's number (`(1)`, `1.`, `2-1-3`, `資料3`).
        Section => "section",
        /// Legal, bill and budget numbering (`第12条`, `議案第4号`, `1款`, `条の5`).
        Article => "article",
        /// An ordinal (`第3回`, `2回目`, `3位`, `第2次`).
        Ordinal => "ordinal",
        /// A footnote mark (`※1`, `(注3)`, `*4`).
        Footnote => "footnote",
        /// A time of day (`14:30`, `午後2時`, `10時30分`).
        Time => "time",
        /// A duration or a time relative to another (`3年間`, `5年連続`, `3日後`).
        Duration => "duration",
        /// A calendar word no date rule reads (`28年度` without an era, `5年`, `2週`).
        Calendar => "calendar",
        /// An age (`65歳`).
        Age => "age",
        /// A grade or a school year (`4級`, `3年生`).
        Grade => "grade",
        /// A physical measurement (`5kg`, `100㎡`, `1,200トン`, `30℃`).
        Measure => "measure",
        /// A ratio, a fraction or a multiple (`3分の2`, `1/2`, `7対1`, `2倍`).
        Ratio => "ratio",
        /// The denominator of a rate (`1人1日当たり`, `市民1人あたり`).
        PerUnit => "per_unit",
        /// A floor or a room (`5階`, `403会議室`).
        Place => "place",
        /// A version or an edition (`Ver.2.1`, `第2版`).
        Version => "version",
        /// A file size (`20KB`).
        FileSize => "file_size",
        /// A figure in a name (`東京2020大会`, `プラン2030`, `平成30年7月豪雨`).
        Name => "name",
        /// A kanji numeral that is part of a word (`一部`, `四国`, `第三者`).
        Word => "word",
        /// The unit a caption names (`(単位:1,000円)`, `千円` alone over a column).
        Caption => "caption",
        /// A figure with nothing attached (a bare cell of a row the layout did not read as a
        /// table, a rating, a lone number).
        Bare => "bare",
        /// None of the above: read past without a reason keikaku can name.
        Unaccounted => "unaccounted",
    }
}
