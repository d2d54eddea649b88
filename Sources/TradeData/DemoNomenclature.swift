import Foundation

// The goods nomenclature the synthetic demo year draws from: CPF4 product codes (codes
// only; their labels come from the customs reference table when given) and the A129
// activity each belongs to, by the NACE rev. 2 groups that A129 aggregates.

enum DemoNomenclature {
    /// CPF4 goods codes traded in the demo year. Not 3040 «Véhicules militaires de combat»:
    /// the customs statistics exclude military equipment, and the fiche says so.
    static let productCodes: [String] = """
    0111 0112 0113 0114 0115 0116 0119 0121 0122 0123 0124 0125 0126 0127 0128 0129 0130 0141 \
    0142 0143 0144 0145 0146 0147 0149 0161 0170 0210 0220 0230 0240 0300 0510 0520 0610 0620 \
    0710 0721 0729 0811 0812 0891 0892 0893 0899 1011 1012 1013 1020 1031 1032 1039 1041 1042 \
    1051 1052 1061 1062 1071 1072 1073 1081 1082 1083 1084 1085 1086 1089 1091 1092 1101 1102 \
    1103 1104 1105 1106 1107 1200 1310 1320 1330 1391 1392 1393 1394 1395 1396 1399 1411 1412 \
    1413 1414 1419 1420 1431 1439 1511 1512 1520 1610 1621 1622 1623 1624 1629 1711 1712 1721 \
    1722 1723 1724 1729 1811 1812 1813 1814 1820 1910 1920 2011 2012 2013 2014 2015 2016 2017 \
    2020 2030 2041 2042 2051 2052 2053 2059 2060 2110 2120 2211 2219 2221 2222 2223 2229 2311 \
    2312 2313 2314 2319 2320 2331 2332 2341 2342 2343 2344 2349 2351 2352 2361 2362 2363 2364 \
    2365 2369 2370 2391 2399 2410 2420 2431 2432 2433 2434 2441 2442 2443 2444 2445 2446 2451 \
    2452 2453 2454 2511 2512 2521 2529 2530 2540 2550 2561 2562 2571 2572 2573 2591 2592 2593 \
    2594 2599 2611 2612 2620 2630 2640 2651 2652 2660 2670 2680 2711 2712 2720 2731 2732 2733 \
    2740 2751 2752 2790 2811 2812 2813 2814 2815 2821 2822 2823 2824 2825 2829 2830 2841 2849 \
    2891 2892 2893 2894 2895 2896 2899 2910 2920 2931 2932 3011 3012 3020 3030 3091 3092 \
    3099 3101 3102 3103 3109 3211 3212 3213 3220 3230 3240 3250 3291 3299 3511 3521 3700 3811 \
    3812 3821 3822 3831 3832 5811 5812 5813 5814 5819 5821 5829 5911 5920 7111 7420 9003 9103 9602
    """.split(separator: " ").map(String.init)

    /// The A129 activity of a CPF4 product code, by NACE group.
    static func activity(ofProduct code: String) -> String {
        let division = Int(code.prefix(2)) ?? 0
        let group = Int(code.prefix(3)) ?? 0
        switch division {
        case 1: return "A01Z"
        case 2: return "A02Z"
        case 3: return "A03Z"
        case 5: return "B05Z"
        case 6: return "B06Z"
        case 7: return "B07Z"
        case 8, 9: return "B08Z"
        case 10:
            let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "K"]
            return "C10" + letters[max(0, min(8, group - 101))]
        case 11...16, 18, 19, 21, 31: return String(format: "C%02dZ", division)
        case 17: return group == 171 ? "C17A" : "C17B"
        case 20:
            switch group {
            case 201: return "C20A"
            case 204: return "C20B"
            default: return "C20C"
            }
        case 22: return group == 221 ? "C22A" : "C22B"
        case 23: return group == 231 ? "C23A" : "C23B"
        case 24:
            switch group {
            case 244: return "C24B"
            case 245: return "C24C"
            default: return "C24A"
            }
        case 25:
            switch group {
            case 251: return "C25A"
            case 252, 253: return "C25B"
            case 254: return "C25C"
            default: return "C25E"
            }
        case 26:
            let letters = ["A", "B", "C", "D", "E", "F", "G", "G"]
            return "C26" + letters[max(0, min(7, group - 261))]
        case 27: return group == 275 ? "C27A" : "C27B"
        case 28:
            switch group {
            case 283: return "C28B"
            case 284: return "C28C"
            case 289: return "C28D"
            default: return "C28A"
            }
        case 29: return group == 293 ? "C29B" : "C29A"
        case 30:
            switch group {
            case 301: return "C30A"
            case 302: return "C30B"
            case 303: return "C30C"
            case 304: return "C30D"
            default: return "C30E"
            }
        case 32:
            switch group {
            case 321, 322: return "C32A"
            case 325: return "C32B"
            default: return "C32C"
            }
        case 35: return group == 351 ? "D35A" : "D35B"
        case 37: return "E37Z"
        case 38: return "E38Z"
        case 58: return "J58Z"
        case 59: return "J59Z"
        case 71: return "M71Z"
        case 74: return "M74Z"
        case 90: return "R90Z"
        case 91: return "R91Z"
        default: return "S96Z"
        }
    }

    /// France's main partners, roughly in order of trade, then every other country.
    static let leadingPartners = [
        "DE", "BE", "IT", "ES", "US", "GB", "NL", "CH", "CN", "PL", "IE", "JP", "SG", "AE", "KR",
        "IN", "TR", "SE", "AT", "PT", "CZ", "CA", "BR", "MX", "DZ", "MA", "SA", "HK", "TW", "QA",
        "NO", "DK", "RO", "HU", "FI", "GR", "SK", "TN", "IL", "AU", "VN", "TH", "MY", "ZA", "NG",
    ]

    static let otherPartners = [
        "AD", "AO", "AR", "BD", "BF", "BG", "BJ", "BY", "CI", "CL", "CM", "CO", "CY", "EE", "EG",
        "GA", "GH", "HR", "ID", "IQ", "IR", "IS", "JO", "KE", "KW", "KZ", "LB", "LT", "LU", "LV",
        "MG", "ML", "MT", "MU", "NC", "NZ", "OM", "PE", "PF", "PH", "PK", "RS", "RU", "SI", "SN",
        "TG", "UA", "UY", "UZ", "VE", "QU", "QS", "BH", "CR", "EC", "ET", "GE", "GT", "LK", "MN",
    ].filter { $0 != "RS" }
}
