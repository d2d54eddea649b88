import Canvas

/// The text styles and fills of the fiche, in its font family and colours.
struct FicheStyles {
    let body, listBody, h1, h2, caption, note, totalsLead, totalsDetail, boxTitle, boxBody: TextStyle
    let band, bandDemo, footer, footerBold, footerDemo, coverTitle, coverSubtitle, coverDemo, chartHeading: TextStyle
    let signOffName, signOffMotto, anctName, anctLine: TextStyle
    let captionFill = Color(hex: 0xEEEEFC)
    let boxFill = Color(hex: 0xE3E3FD)
    let totalsFill = Color(hex: 0xE3E3FD)

    init(fonts: FontLibrary, family: String, theme: ChartTheme) throws {
        let regular = try fonts.font(family: family)
        let bold = try fonts.font(family: family, weight: .bold)
        let semibold = (try? fonts.font(family: family, weight: .semibold)) ?? bold
        let italic = (try? fonts.font(family: family, italic: true)) ?? regular
        let boldItalic = (try? fonts.font(family: family, weight: .bold, italic: true)) ?? bold
        let ink = theme.text, muted = theme.muted, blue = theme.blueFrance
        body = TextStyle(font: regular, size: 9.5, color: ink, alignment: .left, lineSpacing: 1.32)
        listBody = TextStyle(font: regular, size: 9.5, color: ink, alignment: .left, lineSpacing: 1.32)
        h1 = TextStyle(font: bold, size: 17, color: blue, lineSpacing: 1.1)
        h2 = TextStyle(font: bold, size: 10.5, color: blue, lineSpacing: 1.15)
        caption = TextStyle(font: italic, size: 8, color: muted, alignment: .left, lineSpacing: 1.25)
        note = TextStyle(font: italic, size: 7.5, color: muted, alignment: .left, lineSpacing: 1.25)
        totalsLead = TextStyle(font: bold, size: 13, color: blue, lineSpacing: 1.1)
        totalsDetail = TextStyle(font: regular, size: 8.5, color: ink, lineSpacing: 1.25)
        boxTitle = TextStyle(font: bold, size: 11, color: blue, lineSpacing: 1.15)
        boxBody = TextStyle(font: regular, size: 9.5, color: ink, alignment: .left, lineSpacing: 1.3)
        band = TextStyle(font: semibold, size: 7, color: .white)
        bandDemo = TextStyle(font: bold, size: 7, color: .white)
        footer = TextStyle(font: regular, size: 7, color: muted)
        footerBold = TextStyle(font: bold, size: 7, color: ink)
        footerDemo = TextStyle(font: boldItalic, size: 7, color: theme.redMarianne)
        coverTitle = TextStyle(font: bold, size: 30, color: blue, lineSpacing: 1.05)
        coverSubtitle = TextStyle(font: regular, size: 15, color: ink, lineSpacing: 1.1)
        coverDemo = TextStyle(font: bold, size: 8, color: theme.redMarianne)
        chartHeading = TextStyle(font: semibold, size: 7, color: muted)
        signOffName = TextStyle(font: bold, size: 12.5, color: ink)
        signOffMotto = TextStyle(font: italic, size: 7.5, color: ink, lineSpacing: 1.0)
        anctName = TextStyle(font: bold, size: 20, color: blue)
        anctLine = TextStyle(font: regular, size: 7, color: ink, lineSpacing: 1.0)
    }
}

extension TextStyle {
    /// The style on one line, ended with an ellipsis when too long.
    var ellipsized: TextStyle { var s = self; s.ellipsis = .end; s.maxLines = 1; return s }
}
