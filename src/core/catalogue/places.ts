/**
 * Provinces and common provincial agency names, as facts for recognising who wrote a report. Pure data.
 * Provinces: the 63 of 2008–2025 (the 34 since 1 July 2025 are among these names; Huế became "thành phố Huế").
 */
export const PROVINCES: readonly string[] = [
  'An Giang', 'Bà Rịa - Vũng Tàu', 'Bạc Liêu', 'Bắc Giang', 'Bắc Kạn', 'Bắc Ninh', 'Bến Tre', 'Bình Dương', 'Bình Định',
  'Bình Phước', 'Bình Thuận', 'Cà Mau', 'Cao Bằng', 'Cần Thơ', 'Đà Nẵng', 'Đắk Lắk', 'Đắk Nông', 'Điện Biên', 'Đồng Nai',
  'Đồng Tháp', 'Gia Lai', 'Hà Giang', 'Hà Nam', 'Hà Nội', 'Hà Tĩnh', 'Hải Dương', 'Hải Phòng', 'Hậu Giang', 'Hòa Bình',
  'Hồ Chí Minh', 'Hưng Yên', 'Khánh Hòa', 'Kiên Giang', 'Kon Tum', 'Lai Châu', 'Lạng Sơn', 'Lào Cai', 'Lâm Đồng', 'Long An',
  'Nam Định', 'Nghệ An', 'Ninh Bình', 'Ninh Thuận', 'Phú Thọ', 'Phú Yên', 'Quảng Bình', 'Quảng Nam', 'Quảng Ngãi',
  'Quảng Ninh', 'Quảng Trị', 'Sóc Trăng', 'Sơn La', 'Tây Ninh', 'Thái Bình', 'Thái Nguyên', 'Thanh Hóa', 'Thừa Thiên Huế',
  'Huế', 'Tiền Giang', 'Trà Vinh', 'Tuyên Quang', 'Vĩnh Long', 'Vĩnh Phúc', 'Yên Bái',
];

/** Official names of provincial departments and offices, for normalising how reports spell them. */
export const PROVINCIAL_AGENCY_NAMES: readonly string[] = [
  'Sở Nội vụ', 'Sở Tư pháp', 'Sở Kế hoạch và Đầu tư', 'Sở Tài chính', 'Sở Công Thương', 'Sở Nông nghiệp và Phát triển nông thôn',
  'Sở Nông nghiệp và Môi trường', 'Sở Giao thông vận tải', 'Sở Xây dựng', 'Sở Tài nguyên và Môi trường', 'Sở Thông tin và Truyền thông',
  'Sở Lao động - Thương binh và Xã hội', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Văn hóa và Thể thao', 'Sở Văn hóa, Thể thao',
  'Sở Du lịch', 'Sở Khoa học và Công nghệ', 'Sở Giáo dục và Đào tạo', 'Sở Y tế', 'Sở Ngoại vụ', 'Sở Dân tộc và Tôn giáo',
  'Thanh tra tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'Ban Dân tộc', 'Ban Quản lý các khu công nghiệp', 'Ban Quản lý Khu kinh tế',
];
