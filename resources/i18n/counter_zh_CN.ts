<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CounterApp</name>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="110"/>
        <source>Starting the demo head office and syncing with it…</source>
        <translation>正在启动演示总部并同步数据…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="137"/>
        <source>The local data could not be opened: %1</source>
        <translation>本地数据无法打开：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="149"/>
        <source>Local data damaged</source>
        <translation>本地数据已损坏</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="152"/>
        <source>Move it aside and start fresh</source>
        <translation>移到一旁保存，并新建数据库</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="42"/>
        <source>Walk-in</source>
        <translation>散客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="43"/>
        <source>Agreement customer</source>
        <translation>协议大客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="44"/>
        <source>GP unit</source>
        <translation>GP单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="45"/>
        <source>Distributor</source>
        <translation>二级分销商</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="48"/>
        <source>Resident ID</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="49"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="50"/>
        <source>Other ID</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="52"/>
        <source>Pay now</source>
        <translation>现结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="52"/>
        <source>Monthly on account</source>
        <translation>月结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="55"/>
        <source>Name, pinyin, initials or code</source>
        <translation>名称、拼音、首字母或编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="59"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="65"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="66"/>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="83"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="67"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="69"/>
        <source>Settlement</source>
        <translation>结算方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="72"/>
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="77"/>
        <source>Travellers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="84"/>
        <source>GP level</source>
        <translation>GP等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="85"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="86"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="87"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="88"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="96"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="155"/>
        <source>%1 customers</source>
        <translation>共 %1 个客户</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="42"/>
        <source>Enroll with head office</source>
        <translation>登记到总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="48"/>
        <source>One-time code from head office</source>
        <translation>总部提供的一次性登记码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="51"/>
        <source>System keyring (recommended)</source>
        <translation>系统钥匙串（推荐）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="52"/>
        <source>Encrypted file with a passphrase</source>
        <translation>加密文件（需设置口令）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="63"/>
        <source>At least 8 characters</source>
        <translation>至少8个字符</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="66"/>
        <source>Head office address</source>
        <translation>总部地址</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="67"/>
        <source>One-time code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="68"/>
        <source>Counter name</source>
        <translation>柜台名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="69"/>
        <source>Keep the device token in</source>
        <translation>设备令牌保存在</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="71"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="76"/>
        <source>Enroll</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="108"/>
        <source>Head office address: write it as http://host:port.</source>
        <translation>总部地址：请按 http://主机:端口 填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="113"/>
        <source>One-time code: type the code head office gave you.</source>
        <translation>登记码：请输入总部提供的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="117"/>
        <source>Counter name: give this counter a name.</source>
        <translation>柜台名称：请为本柜台命名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="120"/>
        <source>Passphrase: at least 8 characters.</source>
        <translation>口令：至少8个字符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="128"/>
        <source>Contacting head office…</source>
        <translation>正在连接总部…</translation>
    </message>
</context>
<context>
    <name>FlightFinderPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="97"/>
        <source>From: code, pinyin or Chinese</source>
        <translation>出发：三字码、拼音或中文</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="100"/>
        <source>To: code, pinyin or Chinese</source>
        <translation>到达：三字码、拼音或中文</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="105"/>
        <source>Swap from and to (Ctrl+S)</source>
        <translation>交换出发和到达 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="114"/>
        <source>◀ Day before</source>
        <translation>◀ 前一天</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="115"/>
        <source>Ctrl+Left</source>
        <translation>Ctrl+←</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="116"/>
        <source>Day after ▶</source>
        <translation>后一天 ▶</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="117"/>
        <source>Ctrl+Right</source>
        <translation>Ctrl+→</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="118"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="123"/>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="145"/>
        <source>From</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="126"/>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="150"/>
        <source>To</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="129"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="142"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="143"/>
        <source>Airline</source>
        <translation>航空公司</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="154"/>
        <source>Departs</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="155"/>
        <source>Arrives</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="156"/>
        <source>Aircraft</source>
        <translation>机型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="158"/>
        <source>Time</source>
        <translation>飞行时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="162"/>
        <source>Lowest fare</source>
        <translation>最低价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="164"/>
        <source>Offline seats</source>
        <translation>离线可售</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="168"/>
        <source>Seats this counter may still sell offline from its leases</source>
        <translation>本柜台凭座位配额可离线销售的座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="172"/>
        <source>Availability</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="175"/>
        <source>live from head office</source>
        <translation>总部实时数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="177"/>
        <source>from the local cache</source>
        <translation>本地缓存数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="187"/>
        <source>Class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="188"/>
        <source>Cabin</source>
        <translation>舱等</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="189"/>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="190"/>
        <source>Fare</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="192"/>
        <source>Seats</source>
        <translation>可售</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="193"/>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="213"/>
        <source>Hold seats for offline sale</source>
        <translation>申请离线销售座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="217"/>
        <source>Ask head office for seats of the selected class&apos;s cabin, to sell them even if the link goes down (allotment lease, 7 days).</source>
        <translation>向总部申请所选舱位所在舱等的座位配额（7天），断网时也可销售。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="277"/>
        <source>departed</source>
        <translation>已起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="278"/>
        <source>full</source>
        <translation>满座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="281"/>
        <source>First</source>
        <translation>头等舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="281"/>
        <source>Business</source>
        <translation>公务舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="281"/>
        <source>Economy</source>
        <translation>经济舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="341"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="353"/>
        <source>%1 flights on %2, from the local cache.</source>
        <translation>%2 共 %1 个航班（本地缓存）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="363"/>
        <source>No direct flights on that day. Try the day before or after (Ctrl+Left / Ctrl+Right).</source>
        <translation>当天没有直飞航班。可查前一天或后一天（Ctrl+← / Ctrl+→）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="391"/>
        <source>%1 flights on %2, seats live from head office.</source>
        <translation>%2 共 %1 个航班，座位为总部实时数据。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="428"/>
        <source>The search failed: %1</source>
        <translation>查询失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="436"/>
        <source>Pick a flight first.</source>
        <translation>请先选择航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="441"/>
        <source>Seats for offline sale are granted by head office: this needs the link to head office.</source>
        <translation>离线销售座位由总部分配，需要连接总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="458"/>
        <source>%1 seats held on %2 (%3) for offline sale.</source>
        <translation>已为离线销售申请 %2（%3舱）%1 个座位。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="39"/>
        <source>Counter — log in</source>
        <translation>柜台售票系统 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="42"/>
        <source>Air-ticket counter</source>
        <translation>机票柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="45"/>
        <source>Log in with your clerk account</source>
        <translation>请用营业员账号登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="56"/>
        <source>Login</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="57"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="65"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="80"/>
        <source>Demo mode. Accounts: %1</source>
        <translation>演示模式。账号：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="94"/>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="95"/>
        <source>Opening the local data…</source>
        <translation>正在打开本地数据…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="125"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="152"/>
        <source>Login failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="51"/>
        <source>Counter — air-ticket counter</source>
        <translation>柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="65"/>
        <source>Flights</source>
        <translation>航班查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="66"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="68"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="102"/>
        <source>&amp;Counter</source>
        <translation>柜台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="103"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="107"/>
        <source>&amp;Enroll with head office…</source>
        <translation>登记到总部(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="110"/>
        <source>Log &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="115"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="119"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="120"/>
        <source>&amp;About Counter</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="130"/>
        <source>Demo head office</source>
        <translation>演示总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="132"/>
        <source>Demo data, no head office</source>
        <translation>演示数据（无总部）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="170"/>
        <source>Enrolled with head office for %1.</source>
        <translation>已登记到总部：%1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="176"/>
        <source>About Counter</source>
        <translation>关于柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="178"/>
        <source>Counter, the air-ticket counter application.
Airport data derived from OpenFlights (ODbL 1.0).</source>
        <translation>柜台售票系统：机票柜台业务软件。
机场数据源自 OpenFlights（ODbL 1.0）。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="24"/>
        <source>From</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="25"/>
        <source>To</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="26"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="27"/>
        <source>Login</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="28"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="29"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="30"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="31"/>
        <source>Booking class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="32"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="33"/>
        <source>Passenger type</source>
        <translation>旅客类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="34"/>
        <source>Companions</source>
        <translation>随行人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="35"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="36"/>
        <source>Ticket number</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="37"/>
        <source>Booking reference</source>
        <translation>订座编码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="38"/>
        <source>GP level</source>
        <translation>GP等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="54"/>
        <source>Enter a city or airport.</source>
        <translation>请输入城市或机场。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="55"/>
        <source>No city or airport matches “{text}”. Type a code (SZX), pinyin (shenzhen), initials (sz) or Chinese (深圳).</source>
        <translation>没有与“{text}”匹配的城市或机场。可输入三字码（SZX）、拼音（shenzhen）、首字母（sz）或中文（深圳）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="60"/>
        <source>“{text}” matches several cities; pick one from the list.</source>
        <translation>“{text}”对应多个城市，请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="64"/>
        <source>The date {day} has passed; pick today or later.</source>
        <translation>日期 {day} 已过，请选择今天或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="65"/>
        <source>The date {day} is more than a year ahead; no flights are on sale yet.</source>
        <translation>日期 {day} 超过一年，尚无航班销售。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="68"/>
        <source>A resident ID number has 18 characters; this one has {length}.</source>
        <translation>居民身份证号码应为18位，现为 {length} 位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="71"/>
        <source>A resident ID number has 17 digits and a final digit or X; “{char}” is not allowed.</source>
        <translation>居民身份证号码为17位数字加1位数字或X，不能含“{char}”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="78"/>
        <source>The birth date {birth} in the ID number is not a real date.</source>
        <translation>证件号码中的出生日期 {birth} 无效。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="81"/>
        <source>A passport number has {min} to {max} letters and digits.</source>
        <translation>护照号码为 {min} 至 {max} 位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="84"/>
        <source>A document number has {min} to {max} letters and digits.</source>
        <translation>证件号码为 {min} 至 {max} 位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="87"/>
        <source>Enter the passenger&apos;s name.</source>
        <translation>请输入旅客姓名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="88"/>
        <source>“{char}” cannot be part of a passenger name.</source>
        <translation>旅客姓名中不能含“{char}”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="89"/>
        <source>The name has {length} characters; at most {max}.</source>
        <translation>姓名为 {length} 个字符，最多 {max} 个。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="90"/>
        <source>Write a Chinese name in Chinese characters, or a passport name as SURNAME/GIVEN NAMES.</source>
        <translation>中文姓名请用汉字填写；护照姓名请按 姓/名（SURNAME/GIVEN NAMES）填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="95"/>
        <source>The passenger is {expected} on the travel date but the fare chosen is for {chosen}.</source>
        <translation>旅客在乘机日为{expected}，但所选票价适用于{chosen}。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="99"/>
        <source>A unified social credit code has 18 characters.</source>
        <translation>统一社会信用代码应为18位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="100"/>
        <source>A unified social credit code uses digits and capital letters except I, O, S, V, Z.</source>
        <translation>统一社会信用代码由数字和大写字母组成（不含 I、O、S、V、Z）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="104"/>
        <source>The last character of the credit code does not match; check it.</source>
        <translation>统一社会信用代码校验位不符，请核对。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="107"/>
        <source>A GP traveller may have at most {max} companions in the same cabin.</source>
        <translation>GP旅客同舱随行人员最多 {max} 人。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="110"/>
        <source>A GP level is V1, V2, V3, V4 or V5.</source>
        <translation>GP等级为 V1、V2、V3、V4 或 V5。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="111"/>
        <source>Insurance is 0 to {max} units per passenger and segment.</source>
        <translation>每位旅客每航段保险为 0 至 {max} 份。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="114"/>
        <source>{airline} has no booking class “{code_given}”.</source>
        <translation>{airline} 没有“{code_given}”舱位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="117"/>
        <source>This flight has no {cabin} cabin fare.</source>
        <translation>该航班没有 {cabin} 舱票价。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="118"/>
        <source>A ticket number is 3 digits of airline prefix and 10 digits.</source>
        <translation>票号为3位航空公司代码加10位数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="121"/>
        <source>A booking reference has 6 letters and digits.</source>
        <translation>订座编码为6位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="132"/>
        <source>Invalid input ({code}).</source>
        <translation>输入无效（{code}）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="136"/>
        <source>an adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="137"/>
        <source>a child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="138"/>
        <source>an infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="201"/>
        <source>Head office had no seat left for this sale. Call the passenger, rebook or refund by the original payment, then mark it handled.</source>
        <translation>总部收到这笔销售时已无座位。请联系旅客改签或按原支付方式退款，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="206"/>
        <source>This ticket number was already used. Reissue the ticket with a new number and void the old one, then mark it handled.</source>
        <translation>该票号已被使用。请用新票号重新出票并作废原票号，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="211"/>
        <source>The number is outside this counter&apos;s ranges. Ask head office to check the number ranges granted to this counter.</source>
        <translation>该号码不在本柜台的号段内。请总部核查分配给本柜台的号段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="216"/>
        <source>Head office already holds a different operation under this id and kept the original. Contact support with the operation id.</source>
        <translation>总部已有同一编号的另一项操作并保留了原操作。请携操作编号联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="221"/>
        <source>The clerk who made this is not registered at this outlet at head office. Ask head office to check the clerk&apos;s outlet.</source>
        <translation>办理此业务的营业员在总部未登记在本网点。请总部核查营业员所属网点。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="226"/>
        <source>This customer belongs to another outlet; ask head office to make the change.</source>
        <translation>该客户属于其他网点，请由总部修改。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="232"/>
        <source>Head office refused this operation. Read the reason, correct it with the customer, then mark it handled.</source>
        <translation>总部拒绝了此操作。请查看原因，与客户核实更正后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="237"/>
        <source>This customer field was changed at head office too; head office&apos;s value was kept. Check with the customer and edit again if needed.</source>
        <translation>总部也修改了该客户字段，已保留总部的值。请与客户核实，必要时重新修改。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="242"/>
        <source>This computer&apos;s clock is wrong. Sales go on and keep their order; ask for the clock to be set.</source>
        <translation>本机时钟不准。销售可以继续且顺序不变；请校准时钟。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="247"/>
        <source>Sales are waiting to reach head office. Check the network; they are sent automatically when it answers.</source>
        <translation>有销售等待上传总部。请检查网络；恢复连接后将自动上传。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="252"/>
        <source>Head office no longer accepts this counter&apos;s credentials. Enroll it again (Counter → Enroll with head office) with a new one-time code.</source>
        <translation>总部不再接受本柜台的凭据。请用新的登记码重新登记（柜台 → 登记到总部）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="257"/>
        <source>The local copy differed from head office&apos;s and is being refreshed; nothing to do.</source>
        <translation>本地数据与总部不一致，正在重新下载，无需处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="261"/>
        <source>Head office needs a newer version of Counter. Install it; queued sales are kept and sent after the upgrade.</source>
        <translation>总部要求更新版本的柜台系统。请安装新版本；待上传的销售会保留并在升级后上传。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="282"/>
        <source>Head office does not answer. Check the address and the network; the counter keeps working offline.</source>
        <translation>总部没有响应。请检查地址和网络；柜台可继续离线工作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="288"/>
        <source>The system keyring cannot be used on this computer ({detail}). Choose the encrypted file and a passphrase.</source>
        <translation>本机无法使用系统钥匙串（{detail}）。请选择加密文件并设置口令。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="294"/>
        <source>Head office needs a newer version of Counter.</source>
        <translation>总部要求更新版本的柜台系统。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="296"/>
        <source>Head office refused this counter&apos;s credentials; enroll it again.</source>
        <translation>总部拒绝了本柜台的凭据，请重新登记。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="301"/>
        <source>One-time code: head office does not know this code.</source>
        <translation>登记码：总部不认识此登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="304"/>
        <source>One-time code: this code was already used; ask for a new one.</source>
        <translation>登记码：此登记码已使用过，请申请新的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="307"/>
        <source>One-time code: this code has expired; ask for a new one.</source>
        <translation>登记码：此登记码已过期，请申请新的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="310"/>
        <source>Head office has no seat left on this flight.</source>
        <translation>总部该航班已无座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="312"/>
        <source>Head office refused: {message}</source>
        <translation>总部拒绝：{message}</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="316"/>
        <source>Head office had an internal error; try again in a moment.</source>
        <translation>总部内部错误，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="317"/>
        <source>Unexpected error: {message}</source>
        <translation>意外错误：{message}</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="63"/>
        <source>From and To are the same place.</source>
        <translation>出发地和到达地相同。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="75"/>
        <source>The last character of the ID number does not match; check the digits.</source>
        <translation>证件号码校验位不符，请核对号码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="122"/>
        <source>No rule table is in force for that date; sync with head office.</source>
        <translation>该日期没有生效的规则表，请与总部同步。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="150"/>
        <source>The data folder %1 cannot be written. Ask for write access or choose another folder with --data-dir.</source>
        <translation>数据文件夹 %1 无法写入。请申请写入权限，或用 --data-dir 指定其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="155"/>
        <source>The database file %1 cannot be written. Check its permissions.</source>
        <translation>数据库文件 %1 无法写入，请检查文件权限。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="158"/>
        <source>The database file %1 is damaged and cannot be opened. It can be moved aside (kept for support) and a fresh one started; unsent sales in it must then be recovered by support.</source>
        <translation>数据库文件 %1 已损坏，无法打开。可将其移到一旁（保留供技术支持使用）并新建数据库；其中未上传的销售须由技术支持恢复。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="164"/>
        <source>The database file %1 was written by a newer version of Counter. Install that version.</source>
        <translation>数据库文件 %1 由更新版本的柜台系统写入，请安装该版本。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="170"/>
        <source>The local database cannot be used: %1</source>
        <translation>本地数据库无法使用：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="176"/>
        <source>Login: enter your login name.</source>
        <translation>工号：请输入工号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="178"/>
        <source>Password: enter your password.</source>
        <translation>密码：请输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="183"/>
        <source>This account is locked after too many wrong passwords, until %1. Ask a supervisor.</source>
        <translation>密码错误次数过多，账号已锁定至 %1。请联系主管。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="188"/>
        <source>This account is disabled. Ask a supervisor.</source>
        <translation>该账号已停用，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="190"/>
        <source>Only a supervisor may approve this.</source>
        <translation>只有主管可以授权此操作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="192"/>
        <source>Wrong login or password. %n attempt(s) left before the account locks.</source>
        <translation>工号或密码错误。再错 %n 次账号将被锁定。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="27"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="41"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="42"/>
        <source>Text size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="43"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="44"/>
        <source>Language and text size take effect at the next start.</source>
        <translation>界面语言和字号在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="37"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="39"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="40"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="44"/>
        <source>Not enrolled</source>
        <translation>未登记总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="48"/>
        <source>This counter works alone: enroll it with head office (Counter → Enroll with head office).</source>
        <translation>本柜台单机工作：请登记到总部（柜台 → 登记到总部）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="54"/>
        <source>Queue stalled</source>
        <translation>队列停滞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="54"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="54"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="64"/>
        <source>%1 waiting</source>
        <translation>待上传 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="66"/>
        <source> (oldest %1)</source>
        <translation>（最早 %1 前）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="69"/>
        <source>queue empty</source>
        <translation>队列为空</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="73"/>
        <source>synced %1</source>
        <translation>%1 已同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="76"/>
        <source>%1 to check</source>
        <translation>待处理 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="80"/>
        <source>Click for the sync page (F9).</source>
        <translation>点击打开同步页面（F9）。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="52"/>
        <source>Refused by head office</source>
        <translation>总部拒绝</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="53"/>
        <source>Edited on both sides</source>
        <translation>双方都修改了</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="54"/>
        <source>Clock wrong</source>
        <translation>时钟不准</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="55"/>
        <source>Queue stalled</source>
        <translation>队列停滞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="56"/>
        <source>Credentials refused</source>
        <translation>凭据被拒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="57"/>
        <source>Copy drifted</source>
        <translation>数据不一致</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="58"/>
        <source>Upgrade needed</source>
        <translation>需要升级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="63"/>
        <source>Sync now (F5)</source>
        <translation>立即同步 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="71"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="72"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="73"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="75"/>
        <source>What to do</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="83"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="84"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="85"/>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="86"/>
        <source>Made at</source>
        <translation>产生时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="87"/>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="88"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="93"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="94"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="94"/>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="95"/>
        <source>Sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="96"/>
        <source>Applied</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="98"/>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="100"/>
        <source>Refused</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="101"/>
        <source>Received</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="110"/>
        <source>What was done (kept in the audit)</source>
        <translation>处理情况（记入审计）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="111"/>
        <source>Mark handled</source>
        <translation>标记已处理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="122"/>
        <source>Attention</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="123"/>
        <source>Waiting to send</source>
        <translation>待上传</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="124"/>
        <source>Last syncs</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="153"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="159"/>
        <source>This counter is not enrolled with head office; it works alone from its local data.</source>
        <translation>本柜台未登记到总部，使用本地数据单机工作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="190"/>
        <source>Attention (%1)</source>
        <translation>待处理 (%1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="191"/>
        <source>Waiting to send (%1)</source>
        <translation>待上传 (%1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="193"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="193"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="195"/>
        <source>Head office: %1. %2 operations waiting; %3 items to check.</source>
        <translation>总部：%1。待上传 %2 项；待处理 %3 项。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="209"/>
        <source>What was done: write a few words before marking the item handled.</source>
        <translation>处理情况：标记为已处理前请简要填写。</translation>
    </message>
</context>
</TS>
