<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/panel.py" line="104"/>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
</context>
<context>
    <name>AfterSalePage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/page.py" line="64"/>
        <source>Tickets</source>
        <translation>客票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/page.py" line="65"/>
        <source>Held bookings</source>
        <translation>预订记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/page.py" line="182"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/page.py" line="311"/>
        <source>Ticket %1 is %2; nothing more can be done with it here.</source>
        <translation>客票 %1 状态为 %2，不能再办理。</translation>
    </message>
</context>
<context>
    <name>AfterSaleWords</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="17"/>
        <source>On hold</source>
        <translation>预订中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="18"/>
        <source>Ticketed</source>
        <translation>已出票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="19"/>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="25"/>
        <source>Void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="20"/>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="26"/>
        <source>Refunded</source>
        <translation>已退票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="21"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="24"/>
        <source>Issued</source>
        <translation>已出票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="27"/>
        <source>Exchanged</source>
        <translation>已换开</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="30"/>
        <source>Adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="31"/>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="32"/>
        <source>Infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="35"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="36"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="37"/>
        <source>Card by phone</source>
        <translation>电话刷卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="38"/>
        <source>On account</source>
        <translation>月结挂账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="39"/>
        <source>Official card</source>
        <translation>公务卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="40"/>
        <source>Unit transfer</source>
        <translation>单位转账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="43"/>
        <source>O open · C checked in · L boarded · F flown · R refunded · E exchanged · V void · S suspended</source>
        <translation>O 可用 · C 已值机 · L 已登机 · F 已使用 · R 已退票 · E 已换开 · V 已作废 · S 挂起</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/words.py" line="51"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>BoardTable</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="36"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="36"/>
        <source>Official</source>
        <translation>公务员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="36"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="36"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="37"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="37"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="37"/>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_board.py" line="37"/>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
</context>
<context>
    <name>BookingFinder</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="34"/>
        <source>Locator, ticket number, ID number, name or phone</source>
        <translation>订座编码、票号、证件号、姓名或手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="37"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="39"/>
        <source>More bookings</source>
        <translation>更多订单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="43"/>
        <source>Booking</source>
        <translation>订座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="68"/>
        <source>Locator</source>
        <translation>订座编码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="70"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="74"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="75"/>
        <source>Booked</source>
        <translation>订座时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="76"/>
        <source>Passengers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="78"/>
        <source>Flights</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="80"/>
        <source>Tickets</source>
        <translation>客票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="128"/>
        <source>latest %1 bookings</source>
        <translation>最近 %1 个订座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="128"/>
        <source>%1 bookings</source>
        <translation>共 %1 个订座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/find.py" line="133"/>
        <source>No booking matches “%1”.</source>
        <translation>没有与“%1”匹配的订座。</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="56"/>
        <source>Receipt printer calibration</source>
        <translation>行程单打印机校准</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="60"/>
        <source>Print the test grid on a receipt form and measure how far the grid sits from the printed boxes. Enter that shift below: positive values move the print right and down, negative values left and up.</source>
        <translation>在行程单上打印校准网格，量出网格与预印栏位的偏差，填入下方：正值向右、向下移动，负值向左、向上移动。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="78"/>
        <source>Positive moves the print right (−20 to +20 mm)</source>
        <translation>正值向右移动（−20 至 +20 毫米）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="79"/>
        <source>Positive moves the print down (−20 to +20 mm)</source>
        <translation>正值向下移动（−20 至 +20 毫米）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="81"/>
        <source>How far the printer feeds per form (90 to 120 mm; the form is 106.6 mm)</source>
        <translation>每张表单的走纸长度（90 至 120 毫米；表单为 106.6 毫米）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="85"/>
        <source>Pre-printed stock: only the data is printed</source>
        <translation>套打：只打印数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="89"/>
        <source>Plain paper: the form&apos;s lines and labels are printed too</source>
        <translation>白纸：连同表格线和栏目名称一起打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="98"/>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="173"/>
        <source>Horizontal offset</source>
        <translation>水平偏移</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="99"/>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="175"/>
        <source>Vertical offset</source>
        <translation>垂直偏移</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="100"/>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="177"/>
        <source>Page length</source>
        <translation>纸长</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="101"/>
        <source>Print on</source>
        <translation>打印方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="112"/>
        <source>%1: the saved value was out of range and was brought to the nearest allowed one; check it and press OK.</source>
        <translation>%1：保存的数值超出范围，已调整为最接近的允许值；请核对后按确定。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="117"/>
        <source>Print test grid</source>
        <translation>打印校准网格</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="120"/>
        <source>Reset to zero</source>
        <translation>归零</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/calibration_dialog.py" line="124"/>
        <source>Prints the grid with the values now in the boxes; nothing is saved yet</source>
        <translation>按当前数值打印网格；尚未保存</translation>
    </message>
</context>
<context>
    <name>ChangePanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="46"/>
        <source>Change flight or class (改签)</source>
        <translation>改签（更改航班或舱位）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="52"/>
        <source>Voluntary</source>
        <translation>自愿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="53"/>
        <source>Involuntary (caused by the airline)</source>
        <translation>非自愿（航空公司原因）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="54"/>
        <source>Find flights</source>
        <translation>查航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="56"/>
        <source>Coupon</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="58"/>
        <source>New date</source>
        <translation>新日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="60"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="66"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="67"/>
        <source>Departs</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="68"/>
        <source>Arrives</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="70"/>
        <source>Offline seats</source>
        <translation>离线可售</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="75"/>
        <source>Availability</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="85"/>
        <source>Change the infant too</source>
        <translation>婴儿一同改签</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="89"/>
        <source>The infant on this adult&apos;s lap moves to the same flight and class in the same step; neither is changed alone.</source>
        <translation>该成人怀抱的婴儿一并改到同一航班、同一舱位，一步完成；成人和婴儿都不能单独改签。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="94"/>
        <source>Class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="96"/>
        <source>Pay by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="100"/>
        <source>Confirm change</source>
        <translation>确认改签</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="122"/>
        <source>Move a coupon of ticket %1 to another flight of the same airline and route, or to another class. The ticket is re-issued with a new number.</source>
        <translation>将客票 %1 的航段改到同一航空公司同一航线的其他航班或其他舱位；客票将以新票号换开。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="195"/>
        <source>No %1 flight from %2 to %3 on %4.</source>
        <translation>%4 没有 %1 从 %2 到 %3 的航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="244"/>
        <source>Working out the change…</source>
        <translation>正在计算改签…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="276"/>
        <source>Asking head office for a seat on the new flight…</source>
        <translation>正在向总部申请新航班的座位…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="296"/>
        <source>involuntary: free</source>
        <translation>非自愿：免费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="298"/>
        <source>GP easy change</source>
        <translation>公务易改</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="301"/>
        <source>%1 %2 → %3 %4 %5: change fee %6 (%7) + fare difference %8 = due %9</source>
        <translation>%1 %2 → %3 %4 %5：改签费 %6（%7）+ 票价差额 %8 = 应收 %9</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="306"/>
        <source>%1 %2 → %3 %4 %5: change fee %6 (%7) + fare difference %8; with infant %10 (%11): fee %12 + difference %13; due %9 for both</source>
        <translation>%1 %2 → %3 %4 %5：改签费 %6（%7）+ 票价差额 %8；随行婴儿 %10（%11）：改签费 %12 + 差额 %13；两人共应收 %9</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="335"/>
        <source>Ticket %1 exchanged for %2 on %3 %4. Paid: %5.</source>
        <translation>客票 %1 已换开为 %2（%3 %4）。已收：%5。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/change.py" line="344"/>
        <source>Infant %1: ticket %2 exchanged for %3 on the same flight.</source>
        <translation>婴儿 %1：客票 %2 已换开为 %3，同一航班。</translation>
    </message>
</context>
<context>
    <name>CounterApp</name>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="212"/>
        <source>The first sync with head office failed: %1</source>
        <translation>与总部的首次同步失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="230"/>
        <source>The local data could not be opened: %1</source>
        <translation>本地数据无法打开：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="242"/>
        <source>Local data damaged</source>
        <translation>本地数据已损坏</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="245"/>
        <source>Move it aside and start fresh</source>
        <translation>移到一旁保存，并新建数据库</translation>
    </message>
</context>
<context>
    <name>CouponsScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="151"/>
        <source>Choose the flight to check in</source>
        <translation>请选择要办理值机的航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="152"/>
        <source>Cancel and start again</source>
        <translation>取消，返回首页</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="156"/>
        <source>First</source>
        <translation>头等舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="156"/>
        <source>Business</source>
        <translation>公务舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="156"/>
        <source>Economy</source>
        <translation>经济舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="157"/>
        <source>%1  %2 → %3
%4 %5 departs  ·  %6  ·  %7</source>
        <translation>%1  %2 → %3
%4 %5 起飞  ·  %6  ·  %7</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="164"/>
        <source>Checked in, seat %1: touch to print the pass again</source>
        <translation>已值机，座位 %1：点此再次打印登机牌</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="48"/>
        <source>2 Customer</source>
        <translation>2 客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="51"/>
        <source>Walk-in</source>
        <translation>散客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="52"/>
        <source>Agreement customer</source>
        <translation>协议大客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="53"/>
        <source>GP unit</source>
        <translation>GP单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="54"/>
        <source>Distributor</source>
        <translation>二级分销商</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="58"/>
        <source>Name, pinyin, initials or code</source>
        <translation>名称、拼音、首字母或编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="70"/>
        <source>Add as passenger</source>
        <translation>添加为旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="72"/>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="73"/>
        <source>GP order number</source>
        <translation>GP单号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="149"/>
        <source>credit left %1</source>
        <translation>剩余信用额度 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/customer.py" line="162"/>
        <source>%1 officials</source>
        <translation>%1 位官员</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="39"/>
        <source>Walk-in</source>
        <translation>散客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="40"/>
        <source>Agreement customer</source>
        <translation>协议大客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="41"/>
        <source>GP unit</source>
        <translation>GP单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="42"/>
        <source>Distributor</source>
        <translation>二级分销商</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="45"/>
        <source>Resident ID</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="46"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="47"/>
        <source>Other ID</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="49"/>
        <source>Pay now</source>
        <translation>现结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="49"/>
        <source>Monthly on account</source>
        <translation>月结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="51"/>
        <source>Name, pinyin, initials or code</source>
        <translation>名称、拼音、首字母或编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="55"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="61"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="62"/>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="79"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="63"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="65"/>
        <source>Settlement</source>
        <translation>结算方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="68"/>
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="73"/>
        <source>Travellers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="80"/>
        <source>GP level</source>
        <translation>GP等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="81"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="82"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="83"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="84"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="92"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="103"/>
        <source>Statement…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="105"/>
        <source>The agreement customer&apos;s monthly statement for the month chosen</source>
        <translation>所选月份的协议客户月结对账单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="144"/>
        <source>%1 customers</source>
        <translation>共 %1 个客户</translation>
    </message>
</context>
<context>
    <name>DocumentDesk</name>
    <message>
        <location filename="../../src/counter_app/gui/documents.py" line="89"/>
        <source>%1 sent to %2.</source>
        <translation>%1 已发送到 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/documents.py" line="118"/>
        <source>%1 waits in the print queue (Ctrl+J): no printer answers. It prints on the same serial once one does.</source>
        <translation>%1 在打印队列中等待（Ctrl+J）：没有打印机响应。打印机响应后按同一印刷序号打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/documents.py" line="162"/>
        <source>Receipt form %1 recorded as spoiled.</source>
        <translation>行程单 %1 已登记为损毁。</translation>
    </message>
</context>
<context>
    <name>DocumentsBar</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="29"/>
        <source>Seats… (Ctrl+E)</source>
        <translation>选座… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="31"/>
        <source>Receipt (Ctrl+P)</source>
        <translation>行程单 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="33"/>
        <source>Replace receipt…</source>
        <translation>换开行程单…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="35"/>
        <source>Boarding pass… (Ctrl+B)</source>
        <translation>登机牌… (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="37"/>
        <source>E-invoice…</source>
        <translation>电子发票…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="39"/>
        <source>Confirmation</source>
        <translation>确认单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="41"/>
        <source>Refund slip</source>
        <translation>退票单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="43"/>
        <source>The refund slip (退票单) of the selected ticket&apos;s refund</source>
        <translation>打印所选客票的退票单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="85"/>
        <source>Printing the itinerary receipt of %1…</source>
        <translation>正在打印 %1 的行程单…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="93"/>
        <source>Replace receipt</source>
        <translation>换开行程单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="94"/>
        <source>Why is the receipt of %1 replaced (jammed, misprinted, lost…)? Its serial will be voided.</source>
        <translation>%1 的行程单为何换开（卡纸、错打、遗失…）？原印刷序号将作废。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/documents.py" line="147"/>
        <source>E-invoice requested for %1; it goes to head office with the next sync.</source>
        <translation>已为 %1 申请电子发票，下次同步时报送总部。</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="225"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="227"/>
        <source>Printing your boarding pass…</source>
        <translation>正在打印登机牌……</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="228"/>
        <source>Please take your boarding pass.</source>
        <translation>请取走您的登机牌。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="230"/>
        <source>Please collect your boarding pass at the counter.</source>
        <translation>请到柜台领取登机牌</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="234"/>
        <source>Flight %1, seat %2. Have a good flight!</source>
        <translation>航班 %1，座位 %2。祝您旅途愉快！</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="47"/>
        <source>Enroll with head office</source>
        <translation>登记到总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="49"/>
        <source>One-time code from head office</source>
        <translation>总部提供的一次性登记码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="52"/>
        <source>System keyring (recommended)</source>
        <translation>系统钥匙串（推荐）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="53"/>
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
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="75"/>
        <source>Enroll</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="77"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="102"/>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="143"/>
        <source>Head office address: write it as http://host:port.</source>
        <translation>总部地址：请按 http://主机:端口 填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="125"/>
        <source>Head office answers at %1 (its database: %2).</source>
        <translation>总部已响应：%1（数据库：%2）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="148"/>
        <source>One-time code: type the code head office gave you.</source>
        <translation>登记码：请输入总部提供的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="152"/>
        <source>Counter name: give this counter a name.</source>
        <translation>柜台名称：请为本柜台命名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="155"/>
        <source>Passphrase: at least 8 characters.</source>
        <translation>口令：至少8个字符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="113"/>
        <location filename="../../src/counter_app/gui/enroll_dialog.py" line="164"/>
        <source>Contacting head office…</source>
        <translation>正在连接总部…</translation>
    </message>
</context>
<context>
    <name>FinderForm</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="43"/>
        <source>From: code, pinyin or Chinese</source>
        <translation>出发：三字码、拼音或中文</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="46"/>
        <source>To: code, pinyin or Chinese</source>
        <translation>到达：三字码、拼音或中文</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="48"/>
        <source>Swap from and to (Ctrl+S)</source>
        <translation>交换出发和到达 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="53"/>
        <source>◀ Day before</source>
        <translation>◀ 前一天</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="54"/>
        <source>Ctrl+Left</source>
        <translation>Ctrl+←</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="55"/>
        <source>Day after ▶</source>
        <translation>后一天 ▶</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="56"/>
        <source>Ctrl+Right</source>
        <translation>Ctrl+→</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="57"/>
        <source>Return</source>
        <translation>往返</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="60"/>
        <source>Return trip: choose the return flight after the outbound</source>
        <translation>往返：选定去程后再选返程航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="66"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="88"/>
        <source>From</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="91"/>
        <source>To</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/finder_form.py" line="94"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>FlightFinderPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="272"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="283"/>
        <source>%1 flights on %2, from the local cache.</source>
        <translation>%2 共 %1 个航班（本地缓存）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="290"/>
        <source>No direct flights on that day; see the connections below.</source>
        <translation>当天没有直飞航班，请看下方的中转联程。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="295"/>
        <source>No direct flights on that day. Try the day before or after (Ctrl+Left / Ctrl+Right).</source>
        <translation>当天没有直飞航班。可查前一天或后一天（Ctrl+← / Ctrl+→）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="303"/>
        <source>%1 connections.</source>
        <translation>中转联程 %1 个。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="326"/>
        <source>%1 flights on %2, seats live from head office.</source>
        <translation>%2 共 %1 个航班，座位为总部实时数据。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="350"/>
        <source>The search failed: %1</source>
        <translation>查询失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="388"/>
        <source>Outbound %1 on %2 chosen. Choose the return flight.</source>
        <translation>已选去程 %1（%2）。请选择返程航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="416"/>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="437"/>
        <source>%1 has already departed.</source>
        <translation>%1 已起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="425"/>
        <source>%1 is full.</source>
        <translation>%1 已满座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="441"/>
        <source>Class %1 is closed on %2.</source>
        <translation>%2 的 %1 舱已关闭。</translation>
    </message>
</context>
<context>
    <name>FlightResults</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="114"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="115"/>
        <source>Airline</source>
        <translation>航空公司</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="117"/>
        <source>From</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="122"/>
        <source>To</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="126"/>
        <source>Departs</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="127"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="208"/>
        <source>Arrives</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="128"/>
        <source>Aircraft</source>
        <translation>机型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="130"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="210"/>
        <source>Time</source>
        <translation>飞行时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="134"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="214"/>
        <source>Lowest fare</source>
        <translation>最低价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="136"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="216"/>
        <source>Offline seats</source>
        <translation>离线可售</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="140"/>
        <source>Seats this counter may still sell offline from its leases</source>
        <translation>本柜台凭座位配额可离线销售的座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="144"/>
        <source>Availability</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="147"/>
        <source>live from head office</source>
        <translation>总部实时数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="149"/>
        <source>from the local cache</source>
        <translation>本地缓存数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="166"/>
        <source>Class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="167"/>
        <source>Cabin</source>
        <translation>舱等</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="168"/>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="169"/>
        <source>Fare</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="171"/>
        <source>Seats</source>
        <translation>可售</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="172"/>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="187"/>
        <source>Hold seats for offline sale</source>
        <translation>申请离线销售座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="191"/>
        <source>Ask head office for seats of the selected class&apos;s cabin, to sell them even if the link goes down (allotment lease, 7 days).</source>
        <translation>向总部申请所选舱位所在舱等的座位配额（7天），断网时也可销售。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="199"/>
        <source>Flights</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="201"/>
        <source>Connection</source>
        <translation>中转</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="202"/>
        <source>%1 at %2</source>
        <translation>%2 中转 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="234"/>
        <source>Connections (Enter: both flights)</source>
        <translation>中转联程（回车：两段航班一起选）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="273"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="278"/>
        <source>departed</source>
        <translation>已起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="274"/>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="281"/>
        <source>full</source>
        <translation>满座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="285"/>
        <source>First</source>
        <translation>头等舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="285"/>
        <source>Business</source>
        <translation>公务舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="285"/>
        <source>Economy</source>
        <translation>经济舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="359"/>
        <source>Pick a flight first.</source>
        <translation>请先选择航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="367"/>
        <source>%1 seats held on %2 (%3) for offline sale.</source>
        <translation>已为离线销售申请 %2（%3舱）%1 个座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_results.py" line="379"/>
        <source>Seats for offline sale are granted by head office: this needs the link to head office.</source>
        <translation>离线销售座位由总部分配，需要连接总部。</translation>
    </message>
</context>
<context>
    <name>GpPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="65"/>
        <source>Official: name, ID number or mobile</source>
        <translation>公务员：姓名、证件号码或手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="73"/>
        <source>New request (Enter)</source>
        <translation>新建申请（Enter）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="75"/>
        <source>Booking (PNR): its requests</source>
        <translation>订座记录（PNR）：查看其申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="103"/>
        <source>This outlet is not a GP counter: GP service requests (VIP/CIP, ground transfer, lounge …) are made at the civic-centre GP counter.</source>
        <translation>本网点不是公务柜台：公务服务申请（VIP/CIP、地面交通、贵宾室……）请在市民中心公务柜台办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="117"/>
        <source>Start a request for an official</source>
        <translation>为公务员新建申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="139"/>
        <source>Waiting on us (%1)</source>
        <translation>待我方处理（%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="140"/>
        <source>Waiting on head office (%1)</source>
        <translation>待总部处理（%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="141"/>
        <source>Due today (%1)</source>
        <translation>今日到期（%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="142"/>
        <source>⚠ Late (%1)</source>
        <translation>⚠ 已逾期（%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="143"/>
        <source>Booking&apos;s requests (%1)</source>
        <translation>订座的申请（%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="205"/>
        <source>No booking found.</source>
        <translation>未找到订座记录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="209"/>
        <source>Booking %1: %2 · %3</source>
        <translation>订座 %1：%2 · %3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="243"/>
        <source>Find an official to see their level and what it entitles them to.</source>
        <translation>查找公务员，查看其等级及可享受的服务。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/gp_page.py" line="246"/>
        <source>%1, level %2, is entitled to:</source>
        <translation>%1（%2级）可享受：</translation>
    </message>
</context>
<context>
    <name>GpSeatPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="79"/>
        <source>Seat, e.g. 32A</source>
        <translation>座位，如 32A</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="81"/>
        <source>Lock seat</source>
        <translation>座位锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="82"/>
        <source>Privacy seat (EXST)</source>
        <translation>隐私座 (EXST)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="88"/>
        <source>Hold seat</source>
        <translation>压座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="89"/>
        <source>Holds…</source>
        <translation>压座列表…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="90"/>
        <source>Supervisor&apos;s login</source>
        <translation>主管登录名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="93"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="94"/>
        <source>Release locked seat</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="111"/>
        <source>Entitlements of the level (seat services marked):</source>
        <translation>该级别的服务权益（★ 为座位服务）：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="115"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="120"/>
        <source>Hold until</source>
        <translation>压座至</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="124"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="149"/>
        <source>GP seat services</source>
        <translation>公务座位服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="154"/>
        <source>not a GP official</source>
        <translation>非公务旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="155"/>
        <source>%1 · GP level %2 · %3</source>
        <translation>%1 · 公务级别 %2 · %3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="198"/>
        <source>Own seat %1 (locked)</source>
        <translation>本人座位 %1（已锁定）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="199"/>
        <source>Own seat %1</source>
        <translation>本人座位 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="204"/>
        <source>Privacy seat: EXST %1</source>
        <translation>隐私座：EXST %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="208"/>
        <source>Privacy seat fare: free</source>
        <translation>隐私座票价：免费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="209"/>
        <source>Privacy seat fare: ¥%1</source>
        <translation>隐私座票价：¥%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="220"/>
        <source>Seat %1 locked.</source>
        <translation>座位 %1 已锁定。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="227"/>
        <source>Choose the official&apos;s own seat first.</source>
        <translation>请先为该公务旅客本人选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="231"/>
        <source>Privacy seat %1 kept empty (EXST).</source>
        <translation>隐私座 %1 已保留空置 (EXST)。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="242"/>
        <source>Seat %1 held.</source>
        <translation>座位 %1 已压座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="251"/>
        <source>Locked seat released.</source>
        <translation>锁定座位已解除。</translation>
    </message>
</context>
<context>
    <name>GpSeatWindow</name>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="395"/>
        <source>GP seat services</source>
        <translation>公务座位服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="436"/>
        <source>GP services… (Ctrl+G)</source>
        <translation>公务座位服务… (Ctrl+G)</translation>
    </message>
</context>
<context>
    <name>HeadOfficeBox</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/requests.py" line="34"/>
        <source>Note for head office (what the passenger wants)</source>
        <translation>给总部的备注（旅客的要求）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/requests.py" line="38"/>
        <source>Queue a request for head office</source>
        <translation>向总部提交申请（排队发送）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/requests.py" line="56"/>
        <source>Only head office can do this for %1: it was not sold at this counter, or the flight is outside this counter&apos;s allotment. Queue a request: head office gets it with the next sync and answers on the attention list or by phone.</source>
        <translation>只有总部能为 %1 办理：它不是本柜台售出的，或该航班不在本柜台的座位配额内。请提交申请：下次同步时总部会收到，并在待处理列表中或通过电话答复。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/requests.py" line="88"/>
        <source>Request queued; it reaches head office with the next sync.</source>
        <translation>申请已排队，下次同步时送达总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/requests.py" line="99"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>HeadOfficeInboxPage</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="107"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="110"/>
        <source>Log out of head office</source>
        <translation>退出总部登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="113"/>
        <source>Units and officials…</source>
        <translation>单位与官员…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="131"/>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="134"/>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="180"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="181"/>
        <source>Official</source>
        <translation>公务员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="182"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="183"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="184"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="185"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="186"/>
        <source>From/to</source>
        <translation>起止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="188"/>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="189"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="190"/>
        <source>Assigned to</source>
        <translation>指派给</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="216"/>
        <source>Head office: %1 (%2)</source>
        <translation>总部：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="227"/>
        <source>Wrong login or password (checked by head office).</source>
        <translation>登录名或密码错误（总部核验）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="229"/>
        <source>Too many wrong passwords for this login: head office lets it try again 15 minutes after the first of them.</source>
        <translation>该账号密码错误次数过多：总部将在第一次错误后 15 分钟再允许登录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="232"/>
        <source>Only a head-office person of this outlet may work the inbox.</source>
        <translation>只有本网点的总部人员可以处理总部待办。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="240"/>
        <source>Logged out of head office.</source>
        <translation>已退出总部登录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="294"/>
        <source>%1–%2 of %3</source>
        <translation>第 %1–%2 条，共 %3 条</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="295"/>
        <source>No requests</source>
        <translation>没有申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="342"/>
        <source>Assigned</source>
        <translation>已指派</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="363"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="369"/>
        <source>Changed at the counter meanwhile, so the counter&apos;s value was kept: %1</source>
        <translation>柜台同时修改了以下内容，已保留柜台的值：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="385"/>
        <source>%1: saved; the counter sees it at its next sync.</source>
        <translation>%1：已保存，柜台下次同步后可见。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="396"/>
        <source>Someone else changed this request meanwhile; it is shown again as it is now. Check it, then try again.</source>
        <translation>其他人刚刚修改了这条申请，已重新载入最新内容。请核对后再操作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="400"/>
        <location filename="../../src/counter_app/gui/inbox/page.py" line="406"/>
        <source>Your head-office session has ended; log in again.</source>
        <translation>总部登录已失效，请重新登录。</translation>
    </message>
</context>
<context>
    <name>HeldBookings</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="30"/>
        <source>Locator</source>
        <translation>订座编码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="31"/>
        <source>Passengers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="32"/>
        <source>Flights</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="33"/>
        <source>Departs</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="34"/>
        <source>Ticket by</source>
        <translation>出票时限</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="36"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="42"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="48"/>
        <source>Cancel booking, release seats</source>
        <translation>取消订座并释放座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="50"/>
        <source>Confirm cancel</source>
        <translation>确认取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="72"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="75"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="76"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="88"/>
        <source>Held bookings (%1)</source>
        <translation>预订记录 (%1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="90"/>
        <source>%1 expired</source>
        <translation>%1 已过期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="108"/>
        <source>Cancel %1 (%2) and give its seats back?</source>
        <translation>取消 %1（%2）并释放座位？</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/held.py" line="125"/>
        <source>Booking %1 cancelled; %2 seats given back.</source>
        <translation>订座 %1 已取消，释放 %2 个座位。</translation>
    </message>
</context>
<context>
    <name>HoldsDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="296"/>
        <source>Seat holds (压座)</source>
        <translation>压座列表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="302"/>
        <source>Passenger</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="302"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="302"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="302"/>
        <source>Route</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="303"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="303"/>
        <source>Hold until</source>
        <translation>压座至</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="303"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="329"/>
        <source>%1 d %2 h %3 min left</source>
        <translation>剩余 %1天%2小时%3分</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="331"/>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1小时%2分</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="336"/>
        <source>ticketed</source>
        <translation>已出票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="337"/>
        <source>flown</source>
        <translation>已使用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="338"/>
        <source>past its deadline</source>
        <translation>已过压座时限</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="339"/>
        <source>released</source>
        <translation>已释放</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="358"/>
        <source>%1 hold(s) released; %2 refund-fee waiver request(s) queued for head office.</source>
        <translation>已释放 %1 个压座；已向总部提交 %2 份免收退票费申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/gp_seat_panel.py" line="362"/>
        <source>No seats are held.</source>
        <translation>当前没有压座。</translation>
    </message>
</context>
<context>
    <name>IdScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="91"/>
        <source>Self check-in</source>
        <translation>自助值机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="92"/>
        <source>Type your ID number on the keypad, or scan your ID card.</source>
        <translation>请在下方键盘输入身份证号码，或扫描身份证。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="93"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="94"/>
        <source>Find my flights</source>
        <translation>查询我的航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="95"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="106"/>
        <source>Type your ID number first.</source>
        <translation>请先输入证件号码。</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="31"/>
        <source>General request</source>
        <translation>通用申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="46"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="47"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="48"/>
        <source>Arranged</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="49"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="50"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="51"/>
        <source>Cancel request</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="52"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="53"/>
        <source>Assign</source>
        <translation>指派</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="60"/>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="61"/>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="78"/>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="79"/>
        <source>Request</source>
        <translation>申请事项</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="80"/>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="81"/>
        <source>Ticket</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="82"/>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="83"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="84"/>
        <source>Booking reference</source>
        <translation>订座记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="85"/>
        <source>Passenger</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="86"/>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="87"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="94"/>
        <source>Refund</source>
        <translation>退票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="95"/>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="96"/>
        <source>Change</source>
        <translation>改签</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="97"/>
        <source>Booking</source>
        <translation>订座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="98"/>
        <source>Name correction</source>
        <translation>更正姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="109"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/labels.py" line="109"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>InboxFilterBar</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="42"/>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="57"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="62"/>
        <source>Airport (SZX)</source>
        <translation>机场（SZX）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="69"/>
        <source>All levels</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="74"/>
        <source>Assigned: anyone</source>
        <translation>指派：全部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="74"/>
        <source>Assigned: me</source>
        <translation>指派：我的</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="75"/>
        <source>Assigned: nobody</source>
        <translation>指派：未分配</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="79"/>
        <source>Search: official, unit, flight, PNR</source>
        <translation>搜索：公务员、单位、航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="92"/>
        <source>Flight date</source>
        <translation>航班日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="110"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/filters.py" line="139"/>
        <source>%1 matching</source>
        <translation>共 %1 条</translation>
    </message>
</context>
<context>
    <name>InvoiceDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="37"/>
        <source>E-invoice for %1</source>
        <translation>%1 的电子发票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="42"/>
        <source>Company</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="43"/>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="47"/>
        <source>18 characters, e.g. 91350100M000100Y43</source>
        <translation>18 位，如 91350100M000100Y43</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="51"/>
        <source>Buyer type</source>
        <translation>购买方类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="52"/>
        <source>Buyer name</source>
        <translation>购买方名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="53"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="54"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="58"/>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="79"/>
        <source>queued</source>
        <translation>待报送</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="79"/>
        <source>received by head office</source>
        <translation>总部已受理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="80"/>
        <source>issued</source>
        <translation>已开具</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="80"/>
        <source>red-reversed</source>
        <translation>已红冲</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="81"/>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="83"/>
        <source>Eligible until %1.</source>
        <translation>可申请，截止 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="85"/>
        <source>Eligible once every segment is flown: from %1 until %2.</source>
        <translation>全部航段使用后可申请：%1 至 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="88"/>
        <source>Not eligible any more: the 180 days ended on %1.</source>
        <translation>已不能申请：180 天期限已于 %1 结束。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="91"/>
        <source>Not eligible: nothing on this ticket was flown.</source>
        <translation>不能申请：该客票没有已使用的航段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/invoice_dialog.py" line="93"/>
        <source>Request: %1 — %2</source>
        <translation>申请：%1 — %2</translation>
    </message>
</context>
<context>
    <name>ItineraryPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/itinerary.py" line="24"/>
        <source>1 Itinerary (flights: F2, Enter on a class)</source>
        <translation>1 行程（F2 查航班，在舱位上按回车）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/itinerary.py" line="27"/>
        <source>Segment</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/itinerary.py" line="28"/>
        <source>Class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/itinerary.py" line="29"/>
        <source>Fare</source>
        <translation>票价</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/keypad.py" line="51"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/keypad.py" line="53"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>KioskPinDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="30"/>
        <source>Kiosk staff PIN</source>
        <translation>自助值机员工 PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="39"/>
        <source>A supervisor sets the PIN staff enter to leave the self check-in kiosk (counter-app --kiosk) on this data folder.</source>
        <translation>由主管设置工作人员退出本数据文件夹的自助值机终端（counter-app --kiosk）时输入的 PIN。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="51"/>
        <source>Supervisor login</source>
        <translation>主管登录名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="52"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="53"/>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="54"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="65"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/pin_dialog.py" line="74"/>
        <source>Kiosk PIN set by %1.</source>
        <translation>自助值机 PIN 已由 %1 设置。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="240"/>
        <source>No touch: back to the start in %1 s</source>
        <translation>无操作：%1 秒后返回首页</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="383"/>
        <source>Self check-in cannot do this now. Please go to the counter.</source>
        <translation>自助值机暂时无法办理，请到柜台办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="387"/>
        <source>No flight open for check-in was found.
Check-in opens 24 hours and closes 45 minutes before departure; for tickets bought elsewhere please go to the counter.</source>
        <translation>未找到可办理值机的航班。
值机于起飞前 24 小时开放、45 分钟关闭；在其他地方购买的机票请到柜台办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="390"/>
        <source>Seat %1 was just taken by someone else: please choose another seat.</source>
        <translation>座位 %1 刚刚已被他人选走，请另选座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="392"/>
        <source>Check-in for this flight has closed. Please go to the counter.</source>
        <translation>该航班值机已关闭，请到柜台办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="394"/>
        <source>Check-in for this flight is not open yet.</source>
        <translation>该航班尚未开放值机。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="395"/>
        <source>This flight is already checked in, seat %1.</source>
        <translation>该航班已办理值机，座位 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/window.py" line="424"/>
        <source>Wrong PIN.</source>
        <translation>PIN 不正确。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="50"/>
        <source>Counter — log in</source>
        <translation>柜台售票系统 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="52"/>
        <source>Air-ticket counter</source>
        <translation>机票柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="55"/>
        <source>Log in with your clerk account</source>
        <translation>请用营业员账号登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="64"/>
        <source>Login</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="65"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="75"/>
        <source>Enroll with head office…</source>
        <translation>登记到总部…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="79"/>
        <source>Sync again</source>
        <translation>重新同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="84"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="101"/>
        <source>Demo mode. Accounts: %1</source>
        <translation>演示模式。账号：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="125"/>
        <source>Opening the local data…</source>
        <translation>正在打开本地数据…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="153"/>
        <source>Starting the demo head office…</source>
        <translation>正在启动演示总部…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="155"/>
        <source>Starting the demo head office and loading its data (first start only)…</source>
        <translation>正在启动演示总部并载入其数据（仅首次启动）…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="157"/>
        <source>Enrolling this counter with head office…</source>
        <translation>正在将本柜台登记到总部…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="158"/>
        <source>Fetching flights, clerks and customers from head office…</source>
        <translation>正在从总部获取航班、营业员和客户…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="163"/>
        <source>%1% (%2 of %3 changes)</source>
        <translation>%1%（%3 条变更中的 %2 条）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="169"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="185"/>
        <source>This counter is not enrolled with head office yet. Enroll it with the head office address and the one-time code head office gave you; then the outlet&apos;s clerks can log in.</source>
        <translation>本柜台尚未登记到总部。请用总部地址和总部提供的一次性登记码进行登记，之后本网点的营业员即可登录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="244"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="266"/>
        <source>Login failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="65"/>
        <source>Counter — air-ticket counter</source>
        <translation>柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="86"/>
        <source>Flights</source>
        <translation>航班查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="87"/>
        <source>Sale</source>
        <translation>售票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="88"/>
        <source>After sale</source>
        <translation>售后</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="95"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="96"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="98"/>
        <source>GP services</source>
        <translation>公务服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="102"/>
        <source>Head-office inbox</source>
        <translation>总部待办</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="149"/>
        <source>Held bookings past their ticketing deadline released: %1</source>
        <translation>已过出票时限的订座已取消：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="160"/>
        <source>Releasing expired bookings failed: %1</source>
        <translation>取消过期订座失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="176"/>
        <source>&amp;Counter</source>
        <translation>柜台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="177"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="181"/>
        <source>&amp;Enroll with head office…</source>
        <translation>登记到总部(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="184"/>
        <source>Log &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="189"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="193"/>
        <source>&amp;Printing</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="195"/>
        <source>Receipt printer &amp;calibration…</source>
        <translation>行程单打印机校准(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="196"/>
        <source>Print &amp;jobs…</source>
        <translation>打印任务(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="197"/>
        <source>Record a &amp;spoiled receipt form…</source>
        <translation>登记损毁行程单(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="198"/>
        <source>Today&apos;s &amp;report (preview)</source>
        <translation>今日报表预览(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="199"/>
        <source>&amp;Close the day and print the report…</source>
        <translation>日结并打印报表(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="206"/>
        <source>Confirmation &amp;paper</source>
        <translation>确认单纸张(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="209"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="209"/>
        <source>A5</source>
        <translation>A5</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="210"/>
        <source>80 mm roll (thermal)</source>
        <translation>80 毫米热敏卷纸</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="219"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="220"/>
        <source>&amp;About Counter</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="229"/>
        <source>Demo head office</source>
        <translation>演示总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="231"/>
        <source>Demo data, no head office</source>
        <translation>演示数据（无总部）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="292"/>
        <source>Enrolled with head office for %1.</source>
        <translation>已登记到总部：%1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="303"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="316"/>
        <source>%1 print job(s) failed (Ctrl+J)</source>
        <translation>%1 个打印任务失败 (Ctrl+J)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="326"/>
        <source>Print jobs</source>
        <translation>打印任务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="337"/>
        <source>Spoiled receipt form</source>
        <translation>损毁行程单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="338"/>
        <source>Why is the next blank receipt form unusable (jammed, torn…)?</source>
        <translation>下一张空白行程单为何不能使用（卡纸、撕破…）？</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="347"/>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="348"/>
        <source>Close today&apos;s business (日结)? Today&apos;s tickets can no longer be voided here afterwards.</source>
        <translation>进行今日日结？日结后本柜台不能再作废今日客票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="356"/>
        <source>About Counter</source>
        <translation>关于柜台售票系统</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="358"/>
        <source>Counter, the air-ticket counter application.
Airport data derived from OpenFlights (ODbL 1.0).</source>
        <translation>柜台售票系统：机票柜台业务软件。
机场数据源自 OpenFlights（ODbL 1.0）。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="30"/>
        <source>From</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="31"/>
        <source>To</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="32"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="33"/>
        <source>Login</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="34"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="35"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="36"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="37"/>
        <source>Booking class</source>
        <translation>舱位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="38"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="39"/>
        <source>Passenger type</source>
        <translation>旅客类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="40"/>
        <source>Companions</source>
        <translation>随行人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="41"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="42"/>
        <source>Ticket number</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="43"/>
        <source>Booking reference</source>
        <translation>订座编码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="44"/>
        <source>GP level</source>
        <translation>GP等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="45"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="46"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="47"/>
        <source>Supervisor</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="48"/>
        <location filename="../../src/counter_app/gui/messages.py" line="49"/>
        <source>Payment</source>
        <translation>支付</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="50"/>
        <source>Passengers</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="51"/>
        <source>Booking</source>
        <translation>订座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="54"/>
        <source>GP order number</source>
        <translation>GP单号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="55"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="56"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="57"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="58"/>
        <source>Frequent-flyer number</source>
        <translation>常旅客卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="59"/>
        <source>Time limit</source>
        <translation>出票时限</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="60"/>
        <source>Quote</source>
        <translation>报价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="61"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="62"/>
        <source>Return date</source>
        <translation>回程日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="63"/>
        <source>Connection</source>
        <translation>中转</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="64"/>
        <source>Contact mobile</source>
        <translation>联系手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="65"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="66"/>
        <source>Print mode</source>
        <translation>打印方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="67"/>
        <source>Buyer name</source>
        <translation>购买方名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="68"/>
        <source>Buyer type</source>
        <translation>购买方类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="69"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="70"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="71"/>
        <source>Hold until</source>
        <translation>压座至</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="72"/>
        <source>Outlet</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="73"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="90"/>
        <source>Enter a city or airport.</source>
        <translation>请输入城市或机场。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="91"/>
        <source>No city or airport matches “%1”. Type a code (SZX), pinyin (shenzhen), initials (sz) or Chinese (深圳).</source>
        <translation>没有与“%1”匹配的城市或机场。可输入三字码（SZX）、拼音（shenzhen）、首字母（sz）或中文（深圳）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="96"/>
        <source>“%1” matches several cities; pick one from the list.</source>
        <translation>“%1”对应多个城市，请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="100"/>
        <source>%1 has passed; pick today or later.</source>
        <translation>%1 已过，请选择今天或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="101"/>
        <source>The date %1 is more than a year ahead; no flights are on sale yet.</source>
        <translation>日期 %1 超过一年，尚无航班销售。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="104"/>
        <source>A resident ID number has 18 characters; this one has %1.</source>
        <translation>居民身份证号码应为18位，现为 %1 位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="107"/>
        <source>A resident ID number has 17 digits and a final digit or X; “%1” is not allowed.</source>
        <translation>居民身份证号码为17位数字加1位数字或X，不能含“%1”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="114"/>
        <source>The birth date %1 in the ID number is not a real date.</source>
        <translation>证件号码中的出生日期 %1 无效。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="117"/>
        <source>A passport number has %1 to %2 letters and digits.</source>
        <translation>护照号码为 %1 至 %2 位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="120"/>
        <source>A document number has %1 to %2 letters and digits.</source>
        <translation>证件号码为 %1 至 %2 位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="123"/>
        <source>Enter the passenger&apos;s name.</source>
        <translation>请输入旅客姓名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="124"/>
        <source>“%1” cannot be part of a passenger name.</source>
        <translation>旅客姓名中不能含“%1”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="126"/>
        <source>The name has %1 characters; at most %2.</source>
        <translation>姓名为 %1 个字符，最多 %2 个。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="128"/>
        <source>Write a Chinese name in Chinese characters, or a passport name as SURNAME/GIVEN NAMES.</source>
        <translation>中文姓名请用汉字填写；护照姓名请按 姓/名（SURNAME/GIVEN NAMES）填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="133"/>
        <source>The passenger is %1 on the travel date but the fare chosen is for %2.</source>
        <translation>旅客在乘机日为%1，但所选票价适用于%2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="137"/>
        <source>A unified social credit code has 18 characters.</source>
        <translation>统一社会信用代码应为18位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="138"/>
        <source>A unified social credit code uses digits and capital letters except I, O, S, V, Z.</source>
        <translation>统一社会信用代码由数字和大写字母组成（不含 I、O、S、V、Z）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="142"/>
        <source>The last character of the credit code does not match; check it.</source>
        <translation>统一社会信用代码校验位不符，请核对。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="145"/>
        <source>A GP traveller may have at most %1 companions in the same cabin.</source>
        <translation>GP旅客同舱随行人员最多 %1 人。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="148"/>
        <source>A GP level is V1, V2, V3, V4 or V5.</source>
        <translation>GP等级为 V1、V2、V3、V4 或 V5。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="149"/>
        <source>Insurance is 0 to %1 units per passenger and segment.</source>
        <translation>每位旅客每航段保险为 0 至 %1 份。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="152"/>
        <source>%1 has no booking class “%2”.</source>
        <translation>%1 没有“%2”舱位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="155"/>
        <source>This flight has no %1 cabin fare.</source>
        <translation>该航班没有 %1 舱票价。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="156"/>
        <source>A ticket number is 3 digits of airline prefix and 10 digits.</source>
        <translation>票号为3位航空公司代码加10位数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="159"/>
        <source>A booking reference has 6 letters and digits.</source>
        <translation>订座编码为6位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="160"/>
        <source>The minimum connection time is above the maximum.</source>
        <translation>最短中转时间大于最长中转时间。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="164"/>
        <source>%1 is before the outbound date %2.</source>
        <translation>%1 早于去程日期 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="168"/>
        <location filename="../../src/counter_app/gui/messages.py" line="672"/>
        <source>Choose a flight first (F2, Enter on a class).</source>
        <translation>请先选择航班（F2，在舱位上按回车）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="172"/>
        <source>One booking holds at most %1 segments.</source>
        <translation>一个订座记录最多 %1 个航段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="176"/>
        <source>This flight is not in the local schedule; sync with head office.</source>
        <translation>本地航班表中没有该航班，请与总部同步。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="180"/>
        <source>%1 is already in the itinerary.</source>
        <translation>%1 已在行程中。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="184"/>
        <source>%1 leaves before %2 lands.</source>
        <translation>%1 在 %2 落地前起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="188"/>
        <source>%1 is cancelled.</source>
        <translation>%1 已取消。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="192"/>
        <source>%1 has already departed.</source>
        <translation>%1 已起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="196"/>
        <source>Class %1 on %2 is closed (sold out).</source>
        <translation>%2 的 %1 舱已关闭（售完）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="200"/>
        <source>This customer is not in the local data; sync with head office.</source>
        <translation>本地数据中没有该客户，请与总部同步。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="204"/>
        <source>Traveller %1 is not in the local data.</source>
        <translation>本地数据中没有旅客 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="208"/>
        <source>A GP booking needs the GP order number.</source>
        <translation>公务（GP）订座须填写GP单号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="212"/>
        <source>The GP order number is at most %1 characters.</source>
        <translation>GP单号最多 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="216"/>
        <location filename="../../src/counter_app/gui/messages.py" line="676"/>
        <source>Add at least one passenger.</source>
        <translation>请至少添加一位旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="220"/>
        <source>Unknown document type %1.</source>
        <translation>未知证件类型 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="224"/>
        <source>%1: a child or infant without a resident ID needs the birth date.</source>
        <translation>%1：无身份证的儿童或婴儿须填写出生日期。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="228"/>
        <source>Born %1, after the travel date %2.</source>
        <translation>出生日期 %1 晚于乘机日期 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="241"/>
        <source>A mobile number has 11 digits starting with 1.</source>
        <translation>手机号码为以1开头的11位数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="245"/>
        <source>A frequent-flyer number has 4 to 20 letters and digits.</source>
        <translation>常旅客卡号为4至20位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="249"/>
        <source>Infant %1 needs an adult travelling with them.</source>
        <translation>婴儿 %1 须有成人陪同。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="253"/>
        <source>One adult may travel with one infant only (%1 infants, %2 adults).</source>
        <translation>每位成人只能携带一名婴儿（婴儿 %1 名，成人 %2 名）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="257"/>
        <source>The ticketing time limit is out of range (%1 min).</source>
        <translation>出票时限超出范围（%1 分钟）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="266"/>
        <source>Name the ticket, the flight or the booking the request is about.</source>
        <translation>请写明申请涉及的票号、航班或订座记录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="270"/>
        <source>The note is too long (at most %1 characters).</source>
        <translation>备注过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="274"/>
        <source>Character %1 is %2, which cannot be kept; delete it and type the text again.</source>
        <translation>第 %1 个字符是 %2，无法保存；请删除它后重新输入。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="279"/>
        <source>This counter has %1 seat(s) left offline on %2; %3 needed.</source>
        <translation>本柜台 %2 离线可售座位仅剩 %1 个，需要 %3 个。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="283"/>
        <source>The seat allotment on %1 has ended; head office must grant new seats.</source>
        <translation>%1 的座位配额已到期，须由总部重新分配。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="287"/>
        <source>No such booking.</source>
        <translation>找不到该订座记录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="291"/>
        <source>Booking %1 is not on hold any more (%2).</source>
        <translation>订座记录 %1 已不是预订状态（%2）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="295"/>
        <source>Booking %1 passed its ticketing time limit %2; its seats were released.</source>
        <translation>订座记录 %1 已超过出票时限 %2，座位已释放。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="299"/>
        <source>The fare changed since the quote: %1 → %2. Quote again and tell the traveller.</source>
        <translation>报价后票价已变：%1 → %2。请重新报价并告知旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="303"/>
        <source>Carrier %1 is not in the local data.</source>
        <translation>本地数据中没有航空公司 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="307"/>
        <source>The ticket numbers of prefix %1 are used up (%2 left, %3 needed); head office grants more.</source>
        <translation>%1 票号段已用完（剩 %2 个，需要 %3 个），须由总部再分配。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="312"/>
        <source>Unknown payment method %1.</source>
        <translation>未知支付方式 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="316"/>
        <source>This customer cannot pay by %1.</source>
        <translation>该客户不能使用 %1 支付。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="320"/>
        <source>A payment must be more than zero.</source>
        <translation>支付金额须大于零。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="336"/>
        <source>The payments add up to %1, the total is %2.</source>
        <translation>支付合计 %1，应付总额 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="340"/>
        <source>Credit left %1 is less than %2. A supervisor may approve the excess.</source>
        <translation>剩余信用额度 %1 不足 %2。可由主管授权超额。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="344"/>
        <source>The supervisor&apos;s login was refused (%1).</source>
        <translation>主管授权未通过（%1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="348"/>
        <source>This needs a supervisor&apos;s approval.</source>
        <translation>此操作需要主管授权。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="352"/>
        <source>This booking holds no money to return.</source>
        <translation>该订座没有可退款项。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="356"/>
        <source>%1 to return is more than the %2 paid.</source>
        <translation>应退 %1 超过已付 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="360"/>
        <source>Enter a ticket number.</source>
        <translation>请输入票号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="364"/>
        <source>Print mode %1 is not known: choose pre-printed stock or plain paper.</source>
        <translation>打印方式 %1 无效：请选择套打或白纸。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="368"/>
        <source>Ticket %1 was not issued at this counter.</source>
        <translation>客票 %1 不是本柜台出的票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="372"/>
        <source>Ticket %1 already has its itinerary receipt (serial %2). A replacement needs a reason.</source>
        <translation>客票 %1 已打印行程单（印刷序号 %2）。换开须填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="377"/>
        <source>Enter the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="381"/>
        <source>Ticket %1 has no itinerary receipt yet: print it instead of replacing it.</source>
        <translation>客票 %1 尚未打印行程单：请直接打印，无需换开。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="386"/>
        <source>No itinerary-receipt serials are left. Ask head office for a new range (sync when online).</source>
        <translation>行程单印刷序号已用完。请向总部申领新号段（联网后同步）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="391"/>
        <source>Enter the buyer&apos;s name for the invoice.</source>
        <translation>请填写发票购买方名称。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="395"/>
        <source>The buyer&apos;s name is longer than %1 characters.</source>
        <translation>购买方名称超过 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="399"/>
        <source>Choose whether the buyer is a company or an individual.</source>
        <translation>请选择购买方为单位或个人。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="403"/>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是有效的电子邮箱。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="407"/>
        <source>Ticket %1 can get its e-invoice only after every segment is flown (from %2).</source>
        <translation>客票 %1 须全部航段使用后才能开具电子发票（自 %2 起）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="412"/>
        <source>The e-invoice of ticket %1 could be requested until %2 (180 days after the flight).</source>
        <translation>客票 %1 的电子发票申请期限已于 %2 截止（航班后 180 天）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="417"/>
        <source>Ticket %1 already has an e-invoice request (buyer %2).</source>
        <translation>客票 %1 已有电子发票申请（购买方 %2）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="421"/>
        <source>This coupon cannot be checked in (status %1).</source>
        <translation>该航段不能办理值机（状态 %1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="425"/>
        <source>Already checked in on seat %1: print the boarding pass again instead.</source>
        <translation>已在座位 %1 办理值机：请补打登机牌。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="429"/>
        <source>Check-in for %1 has not opened yet (it opens 24 hours before departure).</source>
        <translation>%1 尚未开放值机（起飞前 24 小时开放）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="433"/>
        <source>Check-in for %1 has closed (45 minutes before departure).</source>
        <translation>%1 已停止值机（起飞前 45 分钟截止）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="437"/>
        <source>“%1” is not a seat: type a row and a letter, e.g. 32A.</source>
        <translation>“%1”不是座位号：请输入排号和字母，如 32A。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="441"/>
        <source>Seat %1 is not in this cabin of the aircraft.</source>
        <translation>座位 %1 不在该机型的此舱位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="445"/>
        <source>Seat %1 is blocked by the airline.</source>
        <translation>座位 %1 已被航空公司锁定。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="449"/>
        <source>Seat %1 is already taken.</source>
        <translation>座位 %1 已被占用。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="453"/>
        <source>Seat %1 is in an exit row: only for adults of 15 or older without a child or infant.</source>
        <translation>座位 %1 位于紧急出口排：仅限 15 周岁及以上、未携带儿童或婴儿的成人。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="458"/>
        <source>An infant sits on the adult&apos;s lap and gets no seat.</source>
        <translation>婴儿由成人怀抱，不单独占座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="463"/>
        <source>Type a seat (e.g. 32A) or choose one on the seat map: this passenger has no seat chosen yet.</source>
        <translation>请输入座位号（如 32A）或在座位图上选座：该旅客尚未选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="468"/>
        <source>This seat is no longer chosen (already given back). Open the seat map again.</source>
        <translation>该座位已不在选座中（已释放）。请重新打开座位图。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="473"/>
        <source>Head office says this passenger already has seat %1 on this flight. Open the seat map again and choose the new seat there (it replaces the old one).</source>
        <translation>总部显示该旅客在本航班已有座位 %1。请重新打开座位图并在其中选择新座位（将替换原座位）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="478"/>
        <source>Head office does not know this ticket as a sale of this outlet. Let the counter send its sales (sync), then choose the seat again.</source>
        <translation>总部没有本网点售出此客票的记录。请先让本柜台同步上传销售，再重新选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="483"/>
        <source>At head office this ticket has no open coupon on this flight (changed, refunded or void). Open the booking again.</source>
        <translation>在总部，此客票在本航班上没有可用的航段（已改签、退票或作废）。请重新打开订单。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="488"/>
        <source>Head office does not know this flight (or it is no longer scheduled). Search the flight again.</source>
        <translation>总部没有此航班（或航班已不在计划中）。请重新查询航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="493"/>
        <source>This flight is no longer on the booking. Open the booking again.</source>
        <translation>该航班已不在此订座记录中。请重新打开订座记录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="497"/>
        <source>This passenger is not on the booking. Open the booking again.</source>
        <translation>该旅客不在此订座记录中。请重新打开订座记录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="502"/>
        <source>Seat %1 was taken meanwhile and no equivalent seat is free: choose another seat on the map.</source>
        <translation>座位 %1 已被他人选走，且没有同类空座：请在座位图上另选座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="507"/>
        <source>Seats of this flight can no longer be chosen: check-in has closed or the flight has left.</source>
        <translation>该航班已不能选座：值机已截止或航班已起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="512"/>
        <source>A privacy seat must be the seat right beside its official, on the same side of the aisle.</source>
        <translation>隐私座必须紧挨该公务旅客，且在过道同一侧。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="517"/>
        <source>This seat was chosen at another outlet: only that outlet may change or release it.</source>
        <translation>该座位由其他网点选定：只有该网点可以更改或释放。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="522"/>
        <source>Head office already has this seat choice with other details: choose the seat again.</source>
        <translation>总部已有此选座记录且内容不同：请重新选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="528"/>
        <source>No flight open for check-in was found for this ID number (tickets issued at this counter, from 24 hours to 45 minutes before departure).</source>
        <translation>未找到可办理值机的航班（本柜台出票的机票，起飞前 24 小时至 45 分钟）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="533"/>
        <source>The kiosk PIN has %1 to %2 digits.</source>
        <translation>终端 PIN 为 %1 至 %2 位数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="536"/>
        <source>The kiosk has no staff PIN: a supervisor sets one with counter-app --set-kiosk-pin.</source>
        <translation>自助值机终端尚未设置员工 PIN：请主管用 counter-app --set-kiosk-pin 设置。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="541"/>
        <source>%1 is for GP officials of level %2 or above; this passenger&apos;s level is %3.</source>
        <translation>%1仅限 %2 及以上级别的公务旅客；该旅客级别为 %3。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="545"/>
        <source>A hold&apos;s deadline must be later than now and before the flight leaves.</source>
        <translation>压座截止时间须晚于现在，且早于航班起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="549"/>
        <source>Seat %1 is locked for a GP official: only a supervisor may release it. Enter a supervisor&apos;s login.</source>
        <translation>座位 %1 已为公务旅客锁定，只有主管可以解除。请输入主管登录名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="554"/>
        <source>Check in first: the boarding pass needs a seat.</source>
        <translation>请先办理值机：登机牌需要座位号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="558"/>
        <source>Outlet %1 is not known on this counter.</source>
        <translation>本柜台不认识网点 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="562"/>
        <source>A void needs a reason.</source>
        <translation>作废须填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="566"/>
        <source>Void the tickets of one booking at a time.</source>
        <translation>请逐个订座记录作废客票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="570"/>
        <source>Ticket %1 is void.</source>
        <translation>客票 %1 已作废。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="574"/>
        <source>Ticket %1 is %2: nothing more can be done with it here.</source>
        <translation>客票 %1 状态为 %2，不能再办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="578"/>
        <source>Ticket %1 has no coupon %2.</source>
        <translation>客票 %1 没有第 %2 航段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="582"/>
        <source>Coupon %1 of %2 is already used (%3); it cannot be refunded.</source>
        <translation>客票 %2 第 %1 航段已使用（%3），不能退票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="586"/>
        <source>Coupon %1 of %2 is already refunded.</source>
        <translation>客票 %2 第 %1 航段已退票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="590"/>
        <source>Coupon %1 of %2 was exchanged for a new ticket.</source>
        <translation>客票 %2 第 %1 航段已换开新票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="594"/>
        <source>The airline suspended coupon %1 of %2.</source>
        <translation>航空公司已挂起客票 %2 第 %1 航段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="598"/>
        <source>Ticket %1 was issued on %2: a void is only possible that day. Refund it instead.</source>
        <translation>客票 %1 于 %2 出票，只能当天作废，请办理退票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="603"/>
        <source>The day %1 is closed: ticket %2 can no longer be voided. Refund it instead.</source>
        <translation>%1 已日结，客票 %2 不能作废，请办理退票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="608"/>
        <source>The day %1 is already closed.</source>
        <translation>%1 已日结。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="612"/>
        <source>No such sale.</source>
        <translation>没有这笔销售。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="616"/>
        <source>Booking %1 is already void.</source>
        <translation>订座 %1 已作废。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="620"/>
        <source>Choose voluntary or involuntary.</source>
        <translation>请选择自愿或非自愿。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="624"/>
        <source>A change keeps the route %1→%2.</source>
        <translation>改签须保持航线 %1→%2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="628"/>
        <source>A change keeps the carrier %1.</source>
        <translation>改签须保持承运人 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="632"/>
        <source>Same flight and class: nothing to change.</source>
        <translation>航班和舱位相同，无需改签。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="636"/>
        <source>Infant %1 travels on %2&apos;s lap: change them together. Keep “Change the infant too” ticked; both move to the same flight in one step.</source>
        <translation>婴儿 %1 由 %2 怀抱同行，须一同改签：请保持勾选“婴儿一同改签”，两人一步改到同一航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="641"/>
        <source>Infant %1 cannot be changed alone, or it would fly without %2. Select %2&apos;s ticket and change it: the infant moves with them in the same step.</source>
        <translation>婴儿 %1 不能单独改签，否则将没有 %2 陪同。请选中 %2 的客票办理改签，婴儿随同一步改到同一航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="647"/>
        <source>This refund is not recorded at this counter; no refund slip can be printed.</source>
        <translation>本柜台没有这笔退票的记录，无法打印退票单。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="651"/>
        <source>Not a typing mistake but another person (%1): the ticket cannot be transferred. Refund it and sell a new one.</source>
        <translation>这不是笔误而是换人（原姓名 %1），客票不能转让。请退票后重新出票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="656"/>
        <source>The corrected name is the same as before.</source>
        <translation>更正后的姓名与原姓名相同。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="660"/>
        <source>One booking holds at most %1 passengers.</source>
        <translation>一个订座记录最多 %1 位旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="664"/>
        <source>Write the birth date as YYYY-MM-DD.</source>
        <translation>出生日期请按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="668"/>
        <source>Write the amount in yuan, e.g. 1280 or 1280.50.</source>
        <translation>金额请以元填写，例如 1280 或 1280.50。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="689"/>
        <source>%1 is for GP officials: choose a traveller with a GP level first.</source>
        <translation>%1仅限公务员办理：请先选择有公务等级的旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="692"/>
        <source>%1 needs level %2 or above; this official is %3.</source>
        <translation>%1需%2级及以上；该公务员为%3。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="695"/>
        <source>%1 is offered only at %2; neither end of this flight is there.</source>
        <translation>%1仅在%2提供；本航班的出发地和目的地都不在此。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="698"/>
        <source>%1 must be in %2 hours before departure (by %3); it is too late. Phone head office.</source>
        <translation>%1须在起飞前%2小时（%3前）提交，现已逾期。请致电总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="703"/>
        <source>This value is not of the right kind; enter it again.</source>
        <translation>该值类型不对，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="706"/>
        <source>At most %1 characters.</source>
        <translation>最多%1个字符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="707"/>
        <source>Enter a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="708"/>
        <source>Enter a number from %1 to %2.</source>
        <translation>请输入%1至%2之间的数字。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="711"/>
        <source>Required; fill it in.</source>
        <translation>必填，请填写。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="712"/>
        <source>This form has no such field; sync with head office for the current forms.</source>
        <translation>此表单没有该栏位；请与总部同步以获取最新表单。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="716"/>
        <source>Choose one of the listed options.</source>
        <translation>请从所列选项中选择。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="717"/>
        <source>At most %1 entries (%2 given).</source>
        <translation>最多%1项（已填%2项）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="720"/>
        <source>Enter a date as YYYY-MM-DD.</source>
        <translation>请按 YYYY-MM-DD 输入日期。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="721"/>
        <source>Enter a time as HH:MM.</source>
        <translation>请按 HH:MM 输入时间。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="722"/>
        <source>Enter a date and time as YYYY-MM-DD HH:MM.</source>
        <translation>请按 YYYY-MM-DD HH:MM 输入日期和时间。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="725"/>
        <source>Every person listed needs a name.</source>
        <translation>所列每个人都须填写姓名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="728"/>
        <source>A rejection needs a reason: write it in the note.</source>
        <translation>驳回须说明理由：请填写在备注中。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="731"/>
        <source>This step cannot be taken now (the request is %1).</source>
        <translation>现在不能执行此步骤（申请状态：%1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="734"/>
        <source>No active head-office person has this login; choose one from the list.</source>
        <translation>没有使用此登录名的在职总部人员，请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="737"/>
        <source>The request is finished (%1); it can no longer be changed.</source>
        <translation>申请已结束（%1），不能再修改。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="740"/>
        <source>Head office has no request form of this kind; sync for the current forms.</source>
        <translation>总部没有这种申请单；请同步以取得最新的申请单。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="744"/>
        <source>Booking %1 is cancelled; a service request needs a booking that flies.</source>
        <translation>订座记录 %1 已取消；服务申请须对应仍有效的订座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="748"/>
        <source>This service request is not on this counter; sync and open it again.</source>
        <translation>本柜台没有这张服务申请；请同步后重新打开。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="751"/>
        <source>Only a director or head office may add an official or change a level; ask your director to log in.</source>
        <translation>只有柜台主任或总部可以新增公务人员或修改级别；请柜台主任登录后操作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="755"/>
        <source>This customer is not a GP unit; officials belong to GP units.</source>
        <translation>该客户不是公务单位；公务人员只能属于公务单位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="764"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="765"/>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="766"/>
        <source>accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="767"/>
        <source>arranged</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="768"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="769"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="770"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="783"/>
        <source>Head office found the official&apos;s level not entitled to this service. Tell the official; the level is corrected at head office, then submit again.</source>
        <translation>总部认为该公务员的等级无权享受此项服务。请告知公务员；等级须由总部更正后再重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="788"/>
        <source>Head office refused the service request: the service is not offered at this flight&apos;s airports. Tell the official and cancel the request.</source>
        <translation>总部拒绝了该服务申请：本航班的机场不提供此项服务。请告知公务员并取消申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="793"/>
        <source>The service request reached head office after its deadline. Phone head office to arrange it by hand, then mark it handled.</source>
        <translation>该服务申请送达总部时已过截止时间。请致电总部人工安排，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="858"/>
        <source>Head office allows fewer companions with a GP official than were sent (in one cabin or on one service request). Keep the allowed number, book or request for the others separately, and send again.</source>
        <translation>总部允许的公务随行人数少于所报人数（同一舱位或同一服务申请）。请保留允许的人数，其余人员另行订座或申请后再次发送。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="864"/>
        <source>A rejection was sent without a reason and head office refused it. Nothing changed; mark it handled.</source>
        <translation>驳回未填写理由，总部未予接受。申请没有变化；请标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="897"/>
        <source>Every ticket of the booking named on the service request is void or refunded at head office, so the request was refused. Check the booking with the official; submit a new request with the new booking if there is one.</source>
        <translation>申请所填订座的客票在总部已全部作废或退票，申请被拒绝。请与公务员核对订座；如有新订座，请按新订座重新提交申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="908"/>
        <source>The service request belongs to another outlet; this counter may not change it. Ask that outlet or head office, then mark this handled.</source>
        <translation>该服务申请属于其他网点，本柜台不能修改。请联系该网点或总部，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="919"/>
        <source>Head office refused the official: a new official or a change of level needs a director or head office. The official is kept here as entered; ask your director to save it again from the Customers page (F12), then mark it handled.</source>
        <translation>总部拒绝了该公务人员资料：新增公务人员或修改级别须由柜台主任或总部操作。本柜台仍保留所录入的资料；请柜台主任在客户页（F12）重新保存，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="925"/>
        <source>Head office holds this customer as no GP unit, so it keeps no officials for it. Check the unit with head office, then mark it handled.</source>
        <translation>总部记录中该客户不是公务单位，不能为其保存公务人员。请与总部核对该单位，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="936"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="937"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="938"/>
        <source>card by phone (11185)</source>
        <translation>电话刷卡（11185）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="939"/>
        <source>on account (monthly)</source>
        <translation>月结挂账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="940"/>
        <source>official card</source>
        <translation>公务卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="941"/>
        <source>unit transfer</source>
        <translation>单位转账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="949"/>
        <source>this supervisor belongs to another outlet</source>
        <translation>该主管属于其他网点</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="950"/>
        <source>wrong login or password</source>
        <translation>登录名或密码错误</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="951"/>
        <source>the supervisor&apos;s account is locked</source>
        <translation>主管账号已锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="952"/>
        <source>the supervisor&apos;s account is disabled</source>
        <translation>主管账号已停用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="953"/>
        <source>this login may not approve</source>
        <translation>该账号无授权权限</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="961"/>
        <source>Seat lock</source>
        <translation>座位锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="962"/>
        <source>Seat holding on several flights</source>
        <translation>多航班压座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="963"/>
        <source>A privacy seat (EXST)</source>
        <translation>隐私座 (EXST)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="976"/>
        <source>Invalid input (%1).</source>
        <translation>输入无效（%1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="979"/>
        <source>an adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="980"/>
        <source>a child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="981"/>
        <source>an infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="989"/>
        <source>The flight</source>
        <translation>该航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="994"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1058"/>
        <source>%1 The sale stays recorded at the counter, but head office did not accept it: check it with the customer, void or correct it, and call head office with the ticket number.</source>
        <translation>%1该笔销售仍记录在本柜台，但总部未接受：请与客户核对，作废或更正，并致电总部告知票号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1065"/>
        <source>An amount in this sale is negative.</source>
        <translation>该笔销售中有金额为负数。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1066"/>
        <source>A total is not the sum of its parts (fare, taxes, insurance, service fee).</source>
        <translation>合计金额不等于各项之和（票价、税费、保险、服务费）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1070"/>
        <source>The fare differs from head office&apos;s fare for this booking class and passenger type (maybe an outdated rule document or a wrong manual entry).</source>
        <translation>票价与总部该舱位、该旅客类型的票价不符（可能是运价规则文件过期或手工录入有误）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1075"/>
        <source>The CN fund or fuel surcharge differs from head office&apos;s rules (maybe an outdated rule document).</source>
        <translation>民航发展基金或燃油附加费与总部规则不符（可能是规则文件过期）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1080"/>
        <source>The insurance differs from head office&apos;s price.</source>
        <translation>保险金额与总部价格不符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1083"/>
        <source>The service fee differs from head office&apos;s rules.</source>
        <translation>服务费与总部规则不符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1086"/>
        <source>The payments do not add up to the amount due.</source>
        <translation>各笔付款之和不等于应收金额。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1089"/>
        <source>The commission differs from head office&apos;s rules for this customer.</source>
        <translation>代理费与总部对该客户的规则不符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1092"/>
        <source>A sale to a government (GP) unit needs its GP order number.</source>
        <translation>公务（GP）单位的销售须填写GP单号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1095"/>
        <source>Head office found the passenger&apos;s name, ID number or passenger type wrong (the type must match the age on the resident ID).</source>
        <translation>总部认定旅客姓名、证件号或旅客类型有误（旅客类型须与身份证上的年龄相符）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1100"/>
        <source>The flight had already departed when this was done.</source>
        <translation>办理时航班已起飞。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1103"/>
        <source>The refund or change fee differs from the carrier&apos;s fee rules at head office (maybe an outdated rule document or a wrong manual entry).</source>
        <translation>退票费或改签费与总部的航空公司收费规则不符（可能是规则文件过期或手工录入有误）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1108"/>
        <source>The refund amount differs from head office&apos;s: the fare less the fee, plus CN fund, fuel surcharge and, before departure, insurance.</source>
        <translation>退款金额与总部计算不符：应为票价减手续费，加民航发展基金、燃油附加费，起飞前另加保险。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1120"/>
        <source>Head office had no seat left for this sale. Call the passenger, rebook or refund by the original payment, then mark it handled.</source>
        <translation>总部收到这笔销售时已无座位。请联系旅客改签或按原支付方式退款，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1125"/>
        <source>This ticket number was already used. Reissue the ticket with a new number and void the old one, then mark it handled.</source>
        <translation>该票号已被使用。请用新票号重新出票并作废原票号，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1130"/>
        <source>The number is outside this counter&apos;s ranges. Ask head office to check the number ranges granted to this counter.</source>
        <translation>该号码不在本柜台的号段内。请总部核查分配给本柜台的号段。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1135"/>
        <source>Head office already holds a different operation under this id and kept the original. Contact support with the operation id.</source>
        <translation>总部已有同一编号的另一项操作并保留了原操作。请携操作编号联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1140"/>
        <source>The clerk who made this is not registered at this outlet at head office. Ask head office to check the clerk&apos;s outlet.</source>
        <translation>办理此业务的营业员在总部未登记在本网点。请总部核查营业员所属网点。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1145"/>
        <source>This customer belongs to another outlet, or is a shared customer this outlet may not change or bill without head office&apos;s grant. Ask head office to make the change or to grant the customer to this outlet.</source>
        <translation>该客户属于其他网点，或是未经总部授权本网点不得修改或挂账的共用客户。请由总部修改，或请总部将该客户授权给本网点。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1151"/>
        <source>Head office does not know this customer. Call head office with the customer&apos;s name and the ticket number.</source>
        <translation>总部没有该客户。请致电总部，告知客户名称和票号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1156"/>
        <source>This counter may not take government (GP) orders. Sell it at a GP counter or without the GP order number, and call head office with the ticket number.</source>
        <translation>本柜台不能办理公务（GP）订单。请在GP柜台销售或不填GP单号销售，并致电总部告知票号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1161"/>
        <source>At head office, the supervisor who approved this name correction is not a supervisor of this outlet. Have a supervisor of this outlet approve it again, or ask head office.</source>
        <translation>总部记录中，授权此次姓名更正的主管不是本网点的主管。请由本网点主管重新授权，或联系总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1167"/>
        <source>Head office cannot keep a character of the text named in the reason. Redo the operation with that text typed again; if it is refused again, contact support with the operation id.</source>
        <translation>原因中所指文字含有总部无法保存的字符。请重新输入该文字后重新办理；如再次被拒，请携操作编号联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1173"/>
        <source>The counter sent data head office cannot read. Contact support with the operation id.</source>
        <translation>本柜台发送的数据总部无法读取。请携操作编号联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1178"/>
        <source>Head office has disabled this counter. Queued sales are kept here; call head office to have it enabled again (enrolling again is not the way).</source>
        <translation>总部已停用本柜台。待上传的销售保存在本机；请致电总部重新启用（重新登记无法解决）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1183"/>
        <source>Head office revoked this counter&apos;s credentials because an old one was used elsewhere (they may have been copied). Enroll the counter again with a new one-time code and tell head office.</source>
        <translation>旧凭据在别处被使用（可能已被复制），总部已吊销本柜台的凭据。请用新的登记码重新登记本柜台，并告知总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1189"/>
        <source>The seat chosen offline was taken at another counter and no equivalent seat was free. Open the seat map, choose another seat with the passenger, then mark it handled.</source>
        <translation>离线所选座位已被其他柜台选走，且没有同类空座。请打开座位图，与旅客另选座位，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1195"/>
        <source>The seat chosen offline reached head office after check-in closed; the passenger gets a seat at the airport. Mark it handled.</source>
        <translation>离线所选座位送达总部时值机已截止；旅客需在机场办理座位。请标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1200"/>
        <source>The privacy seat chosen offline is not beside its official. Choose the privacy seat again on the seat map, then mark it handled.</source>
        <translation>离线所选隐私座不在该公务旅客旁边。请在座位图上重新选择隐私座，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1205"/>
        <source>This seat choice belongs to another outlet at head office; nothing was changed. Ask that outlet or head office, then mark it handled.</source>
        <translation>总部记录此选座属于其他网点，未做任何更改。请联系该网点或总部，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1210"/>
        <source>Head office already holds this seat choice with other details and kept it. Choose the seat again on the seat map, then mark it handled.</source>
        <translation>总部已有内容不同的此选座记录并予以保留。请在座位图上重新选座，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1215"/>
        <source>The seat chosen offline reached head office while the passenger already had another seat on the flight, which was kept. Check the seat with the passenger on the seat map, then mark it handled.</source>
        <translation>离线所选座位送达总部时，该旅客在本航班已有另一个座位，总部保留了原座位。请在座位图上与旅客核对座位，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1221"/>
        <source>The seat chosen offline was already replaced by a later choice for the passenger; head office kept the later one. Nothing to do: mark it handled.</source>
        <translation>离线所选座位已被该旅客之后的选座替换，总部保留了后者。无需操作：标记为已处理即可。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1226"/>
        <source>Head office does not hold this ticket as a sale of this outlet, so the operation on it was refused. Check the ticket number with head office, then mark it handled.</source>
        <translation>总部没有本网点售出此客票的记录，因此拒绝了对它的操作。请与总部核对票号，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1232"/>
        <source>At head office the ticket has no open coupon on this seat&apos;s flight (it was changed, refunded or voided); no seat was given. Mark it handled.</source>
        <translation>在总部，此客票在该座位的航班上没有可用的航段（已改签、退票或作废），未分配座位。请标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1237"/>
        <source>Head office does not know this flight or it is no longer scheduled; nothing was kept for it. Check the booking&apos;s flight, then mark it handled.</source>
        <translation>总部没有此航班或航班已不在计划中，未为其保留任何内容。请核对订单的航班，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1246"/>
        <source>Head office refused this operation. Read the reason, correct it with the customer, then mark it handled.</source>
        <translation>总部拒绝了此操作。请查看原因，与客户核实更正后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1251"/>
        <source>This customer field was changed at head office too; head office&apos;s value was kept. Check with the customer and edit again if needed.</source>
        <translation>总部也修改了该客户字段，已保留总部的值。请与客户核实，必要时重新修改。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1256"/>
        <source>This computer&apos;s clock is wrong. Sales go on and keep their order; ask for the clock to be set.</source>
        <translation>本机时钟不准。销售可以继续且顺序不变；请校准时钟。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1261"/>
        <source>Sales are waiting to reach head office. Check the network; they are sent automatically when it answers.</source>
        <translation>有销售等待上传总部。请检查网络；恢复连接后将自动上传。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1266"/>
        <source>Head office no longer accepts this counter&apos;s credentials. Enroll it again (Counter → Enroll with head office) with a new one-time code.</source>
        <translation>总部不再接受本柜台的凭据。请用新的登记码重新登记（柜台 → 登记到总部）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1271"/>
        <source>The local copy differed from head office&apos;s and is being refreshed; nothing to do.</source>
        <translation>本地数据与总部不一致，正在重新下载，无需处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1275"/>
        <source>Head office needs a newer version of Counter. Install it; queued sales are kept and sent after the upgrade.</source>
        <translation>总部要求更新版本的柜台系统。请安装新版本；待上传的销售会保留并在升级后上传。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1280"/>
        <source>Another counter took this seat first; head office gave the passenger the nearest equivalent seat. Tell the passenger; reprint the boarding pass if the message says so, then mark it handled.</source>
        <translation>该座位已被其他柜台先选；总部已为旅客改为最近的同类座位。请告知旅客；如提示需要重新打印，请重打登机牌，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1294"/>
        <source>Too many wrong one-time codes: wait a while, then try again.</source>
        <translation>登记码错误次数过多：请稍候再试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1298"/>
        <source>Too many wrong one-time codes: wait %1 min, then try again.</source>
        <translation>登记码错误次数过多：请等待 %1 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1315"/>
        <source>Head office does not answer. Check the address and the network; the counter keeps working offline.</source>
        <translation>总部没有响应。请检查地址和网络；柜台可继续离线工作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1321"/>
        <source>The system keyring cannot be used on this computer (%1). Choose the encrypted file and a passphrase.</source>
        <translation>本机无法使用系统钥匙串（%1）。请选择加密文件并设置口令。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1327"/>
        <source>Head office needs a newer version of Counter.</source>
        <translation>总部要求更新版本的柜台系统。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1330"/>
        <source>Head office has disabled this counter; call head office.</source>
        <translation>总部已停用本柜台，请致电总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1334"/>
        <source>Head office revoked this counter&apos;s credentials because an old one was used elsewhere; enroll it again and tell head office.</source>
        <translation>旧凭据在别处被使用，总部已吊销本柜台的凭据；请重新登记并告知总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1339"/>
        <source>Head office refused this counter&apos;s credentials; enroll it again.</source>
        <translation>总部拒绝了本柜台的凭据，请重新登记。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1344"/>
        <source>One-time code: head office does not know this code.</source>
        <translation>登记码：总部不认识此登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1347"/>
        <source>One-time code: this code was already used; ask for a new one.</source>
        <translation>登记码：此登记码已使用过，请申请新的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1350"/>
        <source>One-time code: this code has expired; ask for a new one.</source>
        <translation>登记码：此登记码已过期，请申请新的登记码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1353"/>
        <source>Head office has no seat left on this flight.</source>
        <translation>总部该航班已无座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1354"/>
        <source>Code: another customer already has this code; choose another.</source>
        <translation>代码：已有其他客户使用此代码，请换一个。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1357"/>
        <source>Head office&apos;s quota of seats this counter may hold is reached: sell from stock online, release unused seat allotments, or ask head office.</source>
        <translation>本柜台可持有的座位配额已达总部上限：请联网从总部库存销售、释放未用的座位配额，或联系总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1362"/>
        <source>Head office grants no more numbers now: this counter still has many unused ticket or receipt numbers, or asked too often today. Ask head office if numbers run short.</source>
        <translation>总部暂不再分配号段：本柜台仍有许多未用的票号或收据号，或今天申请次数过多。如号码不够用，请联系总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1370"/>
        <source>Head office refused: %1</source>
        <translation>总部拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1374"/>
        <source>Head office had an internal error; try again in a moment.</source>
        <translation>总部内部错误，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1375"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="99"/>
        <source>From and To are the same place.</source>
        <translation>出发地和到达地相同。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="52"/>
        <source>Tendered</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="53"/>
        <source>Reference</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="111"/>
        <source>The last character of the ID number does not match; check the digits.</source>
        <translation>证件号码校验位不符，请核对号码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="232"/>
        <source>This ID number is already on this booking, for %1.</source>
        <translation>该证件号码已用于本订座的旅客 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="236"/>
        <source>%1 is on file under the name %2, not %3. Check the document; if it is right, go on.</source>
        <translation>%1 在旅客档案中登记的姓名为 %2，不是 %3。请核对证件；核对无误可继续。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="261"/>
        <source>Only head office can do this: the flight is outside this counter&apos;s allotment or the ticket was sold elsewhere. Queue a request for head office, or phone it.</source>
        <translation>此操作只能由总部办理：航班不在本柜台的座位配额内，或客票不是本柜台售出。请向总部提交申请，或电话联系总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="324"/>
        <source>Tendered %1 is %2 short of %3.</source>
        <translation>实收 %1，比应收 %3 少 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="328"/>
        <source>A payment by %1 needs the card slip or authorisation number.</source>
        <translation>%1付款须填写签购单号或授权号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="332"/>
        <source>The reference is at most %1 characters.</source>
        <translation>凭证号最多 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="680"/>
        <source>No rule table is in force for that date; sync with head office.</source>
        <translation>该日期没有生效的规则表，请与总部同步。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="778"/>
        <source>Head office found no GP level for the official of this service request. Check the traveller&apos;s GP level on the GP page (F10), then submit the request again.</source>
        <translation>总部认为该服务申请的公务员没有公务等级。请在公务服务页（F10）核对旅客的公务等级，然后重新提交申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="798"/>
        <source>Head office could not read a field of the service request. Open it on the GP page (F10), enter the field named in the reason again and submit.</source>
        <translation>总部无法读取该服务申请的某个栏位。请在公务服务页（F10）打开申请，重新填写原因中所指的栏位后提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="803"/>
        <source>A field of the service request is too long for head office. Shorten the field named in the reason on the GP page (F10) and submit again.</source>
        <translation>该服务申请的某个栏位超出总部允许的长度。请在公务服务页（F10）缩短原因中所指的栏位后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="808"/>
        <source>Head office expected a whole number in a field of the service request. Correct the field named in the reason on the GP page (F10) and submit again.</source>
        <translation>总部要求该服务申请的某个栏位填写整数。请在公务服务页（F10）更正原因中所指的栏位后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="813"/>
        <source>A number in the service request is out of head office&apos;s range. Correct the field named in the reason on the GP page (F10) and submit again.</source>
        <translation>该服务申请中的某个数字超出总部允许的范围。请在公务服务页（F10）更正原因中所指的栏位后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="818"/>
        <source>Head office found a required field of the service request empty. Fill in the field named in the reason on the GP page (F10) and submit again.</source>
        <translation>总部发现该服务申请有必填栏位为空。请在公务服务页（F10）填写原因中所指的栏位后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="823"/>
        <source>The service request has a field head office&apos;s form does not have (an outdated form). Sync, open the request on the GP page (F10) and submit again.</source>
        <translation>该服务申请含有总部表单没有的栏位（表单已过时）。请同步后在公务服务页（F10）打开申请并重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="828"/>
        <source>A choice in the service request is not one head office offers. Choose again in the field named in the reason on the GP page (F10) and submit.</source>
        <translation>该服务申请中的某个选项不在总部提供的范围内。请在公务服务页（F10）重新选择原因中所指的栏位后提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="833"/>
        <source>A list in the service request has more entries than head office allows. Remove some on the GP page (F10) and submit again.</source>
        <translation>该服务申请中的某个列表超出总部允许的项数。请在公务服务页（F10）删除部分后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="838"/>
        <source>Head office could not read a date of the service request. Enter the date again on the GP page (F10) and submit.</source>
        <translation>总部无法读取该服务申请中的日期。请在公务服务页（F10）重新填写日期后提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="843"/>
        <source>Head office could not read a time of the service request. Enter the time again on the GP page (F10) and submit.</source>
        <translation>总部无法读取该服务申请中的时间。请在公务服务页（F10）重新填写时间后提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="848"/>
        <source>Head office could not read a date and time of the service request. Enter it again on the GP page (F10) and submit.</source>
        <translation>总部无法读取该服务申请中的日期时间。请在公务服务页（F10）重新填写后提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="853"/>
        <source>A person listed in the service request has no name. Add the name or remove the row on the GP page (F10) and submit again.</source>
        <translation>该服务申请所列人员中有人没有姓名。请在公务服务页（F10）补上姓名或删除该行后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="869"/>
        <source>The note sent with the service request is too long for head office. Shorten it on the GP page (F10) and send again.</source>
        <translation>随服务申请发送的备注超出总部允许的长度。请在公务服务页（F10）缩短后重新发送。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="874"/>
        <source>Head office had already moved the service request on (for example accepted or cancelled it), so this step was refused. Look at its state on the GP page (F10), then mark it handled.</source>
        <translation>总部已推进该服务申请（例如已受理或已取消），此步骤被拒绝。请在公务服务页（F10）查看其状态，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="880"/>
        <source>Head office changed the same fields of this service request while it was edited here; head office&apos;s values were kept. Open it on the GP page (F10), check the fields named and edit again if needed.</source>
        <translation>本柜台编辑该服务申请期间，总部修改了相同的栏位，已保留总部的值。请在公务服务页（F10）打开申请，核对所列栏位，必要时重新编辑。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="886"/>
        <source>Head office does not know this kind of service request. Sync to get the current forms, fill the request in again on the GP page (F10), then mark this handled.</source>
        <translation>总部不认识这种服务申请。请先同步取得最新的申请单，在公务页（F10）重新填写申请，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="892"/>
        <source>Head office has no such official in the GP unit named on the request. Check the official and the unit on the GP page (F10), sync, then submit again.</source>
        <translation>总部在申请所填的公务单位中找不到该公务员。请在公务页（F10）核对公务员和单位，同步后重新提交。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="903"/>
        <source>Head office has no such service request (it never arrived). Submit it again from the GP page (F10), then mark this handled.</source>
        <translation>总部没有这条服务申请（未曾送达）。请在公务页（F10）重新提交，然后标记为已处理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="913"/>
        <source>The service request was already finished (done, rejected or cancelled) at head office, so the change was refused. Look at its state on the GP page (F10); submit a new request if one is still needed.</source>
        <translation>该服务申请在总部已结束（已完成、已驳回或已取消），修改被拒绝。请在公务页（F10）查看其状态；如仍需要，请重新提交申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1008"/>
        <source>The data folder %1 cannot be written. Ask for write access or choose another folder with --data-dir.</source>
        <translation>数据文件夹 %1 无法写入。请申请写入权限，或用 --data-dir 指定其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1013"/>
        <source>The database file %1 cannot be written. Check its permissions.</source>
        <translation>数据库文件 %1 无法写入，请检查文件权限。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1016"/>
        <source>The database file %1 is damaged and cannot be opened. It can be moved aside (kept for support) and a fresh one started; unsent sales in it must then be recovered by support.</source>
        <translation>数据库文件 %1 已损坏，无法打开。可将其移到一旁（保留供技术支持使用）并新建数据库；其中未上传的销售须由技术支持恢复。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1022"/>
        <source>The database file %1 was written by a newer version of Counter. Install that version.</source>
        <translation>数据库文件 %1 由更新版本的柜台系统写入，请安装该版本。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1028"/>
        <source>The local database cannot be used: %1</source>
        <translation>本地数据库无法使用：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1034"/>
        <source>Login: enter your login name.</source>
        <translation>工号：请输入工号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1036"/>
        <source>Password: enter your password.</source>
        <translation>密码：请输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1041"/>
        <source>This account is locked after too many wrong passwords, until %1. Ask a supervisor.</source>
        <translation>密码错误次数过多，账号已锁定至 %1。请联系主管。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1046"/>
        <source>This account is disabled. Ask a supervisor.</source>
        <translation>该账号已停用，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1048"/>
        <source>Only a supervisor may approve this.</source>
        <translation>只有主管可以授权此操作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/messages.py" line="1050"/>
        <source>Wrong login or password. %n attempt(s) left before the account locks.</source>
        <translation>工号或密码错误。再错 %n 次账号将被锁定。</translation>
    </message>
</context>
<context>
    <name>NamePanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="21"/>
        <source>Correct a typo in the name (姓名更正)</source>
        <translation>更正姓名笔误</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="22"/>
        <source>The name as on the ID document</source>
        <translation>证件上的姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="23"/>
        <source>Supervisor&apos;s login</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="27"/>
        <source>Why (kept in the audit)</source>
        <translation>原因（记入审计）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="30"/>
        <source>Correct name</source>
        <translation>更正姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="31"/>
        <source>Supervisor login</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="32"/>
        <source>Supervisor password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="33"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="38"/>
        <source>Only an obvious typo can be corrected (one wrong character, a middle dot, spacing); a ticket is never given to another person. A supervisor approves.</source>
        <translation>只能更正明显笔误（错一个字、间隔点、空格）；客票不能转给他人。须主管授权。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="47"/>
        <source>Confirm correction</source>
        <translation>确认更正</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="56"/>
        <source>Ticket %1, name now: %2</source>
        <translation>客票 %1，现姓名：%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="69"/>
        <source>This is another person, not a typo: a ticket cannot be transferred. Refund it and sell a new one.</source>
        <translation>这是换人而不是笔误：客票不能转让。请退票后重新出票。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/names.py" line="92"/>
        <source>Ticket %1: name corrected from %2 to %3, approved by %4.</source>
        <translation>客票 %1：姓名由 %2 更正为 %3，授权人 %4。</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="331"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="333"/>
        <source>Self check-in cannot start: no staff PIN is set.</source>
        <translation>自助值机无法启动：尚未设置员工 PIN。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="335"/>
        <source>A supervisor sets the kiosk PIN with the command
counter-app --set-kiosk-pin
(with the same --data-dir), then starts counter-app --kiosk again.</source>
        <translation>请主管用以下命令设置终端 PIN：
counter-app --set-kiosk-pin
（使用相同的 --data-dir），然后重新启动 counter-app --kiosk。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="339"/>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="344"/>
        <source>Self check-in cannot start.</source>
        <translation>自助值机无法启动。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="341"/>
        <source>This counter is not enrolled with head office yet: start counter-app, enroll it, then start the kiosk.</source>
        <translation>本柜台尚未在总部注册：请先启动 counter-app 完成注册，再启动自助值机。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="347"/>
        <source>Self check-in is starting…</source>
        <translation>自助值机正在启动……</translation>
    </message>
</context>
<context>
    <name>OfficialDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="86"/>
        <source>New official</source>
        <translation>新增公务人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="86"/>
        <source>Official</source>
        <translation>公务人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="89"/>
        <source>Name as on the ID</source>
        <translation>与证件一致的姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="91"/>
        <source>Resident ID</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="91"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="92"/>
        <source>Other ID</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="100"/>
        <source>e.g. 处长</source>
        <translation>如：处长</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="107"/>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="148"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="107"/>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="151"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="107"/>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="148"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="107"/>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="149"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="108"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="108"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="111"/>
        <source>Add companion</source>
        <translation>添加同行人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="112"/>
        <source>Remove companion</source>
        <translation>删除同行人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="149"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="150"/>
        <source>GP level</source>
        <translation>公务级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="151"/>
        <source>Seat preference</source>
        <translation>座位偏好</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="152"/>
        <source>Meal preference</source>
        <translation>餐食偏好</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="152"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="154"/>
        <source>What the level entitles to</source>
        <translation>该级别可享服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="160"/>
        <source>Companions (at most %1)</source>
        <translation>同行人员（最多 %1 人）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="193"/>
        <source>Only a director may add an official or change a level.</source>
        <translation>只有柜台主任可以新增公务人员或修改级别。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="208"/>
        <source>At most %1 companions.</source>
        <translation>同行人员最多 %1 人。</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="73"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="74"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="75"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="76"/>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="77"/>
        <source>Zoom in (Ctrl+=)</source>
        <translation>放大 (Ctrl+=)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="78"/>
        <source>Fit the page to the window width (Ctrl+0)</source>
        <translation>页面适合窗口宽度 (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="86"/>
        <source>Rendering pages…</source>
        <translation>正在生成页面…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="88"/>
        <source>Page %1 × %2 mm</source>
        <translation>页面 %1 × %2 毫米</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="145"/>
        <source>The pages cannot be shown.</source>
        <translation>无法显示页面。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="147"/>
        <source>The document cannot be shown (%1); it can still be printed or saved.</source>
        <translation>无法显示该文档（%1），但仍可打印或保存。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/counter_app/gui/printing/page_view.py" line="167"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassengersPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="70"/>
        <source>3 Passengers (up to 9)</source>
        <translation>3 旅客（最多9人）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="74"/>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="134"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="75"/>
        <source>Passenger type</source>
        <translation>旅客类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="77"/>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="138"/>
        <source>ID</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="79"/>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="147"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="80"/>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="145"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="113"/>
        <source>Chinese name, or SURNAME/GIVEN NAMES</source>
        <translation>中文姓名，或 姓/名（拼音）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="117"/>
        <source>Resident ID</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="118"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="119"/>
        <source>Other ID</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="130"/>
        <source>Add passenger (Enter)</source>
        <translation>添加旅客 (回车)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="140"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="143"/>
        <source>FFP</source>
        <translation>常旅客卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="170"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="170"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="172"/>
        <source>born %1, %2</source>
        <translation>出生 %1，%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="248"/>
        <source>%1 passenger(s).</source>
        <translation>共 %1 位旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="316"/>
        <source>%1 known traveller(s): pick one to fill the form.</source>
        <translation>找到 %1 位老旅客：选择一位即可填入。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="346"/>
        <source>%1 filled in: Enter adds the passenger.</source>
        <translation>已填入 %1：按回车添加旅客。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="368"/>
        <source>Adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="369"/>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="370"/>
        <source>Infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/passengers.py" line="381"/>
        <source>On file under the name %1</source>
        <translation>旅客档案中登记的姓名为 %1</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="54"/>
        <source>5 Payment and ticket (F8)</source>
        <translation>5 收款出票 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="57"/>
        <source>Cash handed over</source>
        <translation>收取现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="59"/>
        <source>Card slip / transfer reference</source>
        <translation>刷卡凭条号 / 转账流水号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="62"/>
        <source>Split: add payment</source>
        <translation>分笔支付：添加一笔</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="68"/>
        <source>Take payment and ticket (F8)</source>
        <translation>收款并出票 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="74"/>
        <source>Print itinerary receipts (Ctrl+P)</source>
        <translation>打印行程单 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="77"/>
        <source>Confirmation (Ctrl+Shift+P)</source>
        <translation>确认单 (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="80"/>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="81"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="82"/>
        <source>Tendered</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="84"/>
        <source>Reference</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="108"/>
        <source>Supervisor login</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="111"/>
        <source>Supervisor password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="113"/>
        <source>Reason for the override</source>
        <translation>授权原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="117"/>
        <source>Supervisor</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="127"/>
        <source>Amount (all that is left)</source>
        <translation>金额（默认为未付余额）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="136"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="137"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="138"/>
        <source>Card by phone (11185)</source>
        <translation>电话刷卡（11185）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="139"/>
        <source>On account (monthly)</source>
        <translation>月结挂账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="140"/>
        <source>Official card</source>
        <translation>公务卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="141"/>
        <source>Unit transfer</source>
        <translation>单位转账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="224"/>
        <source>left to pay %1</source>
        <translation>未付 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="231"/>
        <source>change due %1</source>
        <translation>找零 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="239"/>
        <source>Nothing to pay</source>
        <translation>无需付款</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="240"/>
        <source>Received %1 · paid in full</source>
        <translation>已收 %1 · 已付清</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="250"/>
        <source>Change due: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="270"/>
        <source>Printing %1 itinerary receipt(s)…</source>
        <translation>正在打印 %1 张行程单…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/payment.py" line="283"/>
        <source>Receipt serial %1 for ticket %2. Ctrl+N for the next sale.</source>
        <translation>客票 %2 的行程单印刷序号 %1。Ctrl+N 开始下一笔。</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="274"/>
        <source>Staff only: enter the kiosk PIN to leave self check-in</source>
        <translation>仅限工作人员：输入终端 PIN 退出自助值机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="275"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/screens.py" line="276"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="178"/>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="190"/>
        <source>Looking for printers…</source>
        <translation>正在查找打印机…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="196"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="197"/>
        <source>Save as PDF (Ctrl+S)</source>
        <translation>另存为 PDF (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="199"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="200"/>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="203"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="210"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="212"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="275"/>
        <source>This computer has no print system, so nothing can be printed here. The document can still be saved as PDF.</source>
        <translation>本机没有打印系统，无法打印。文档仍可另存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="284"/>
        <source>The print system does not answer, so nothing can be printed now. The document can still be saved as PDF.</source>
        <translation>打印系统无响应，暂时无法打印。文档仍可另存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="289"/>
        <source>The printers cannot be listed (%1). The document can still be saved as PDF.</source>
        <translation>无法列出打印机（%1）。文档仍可另存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="302"/>
        <source>No printer is installed on this computer. The document can still be saved as PDF.</source>
        <translation>本机未安装打印机。文档仍可另存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="325"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="327"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="329"/>
        <source>not accepting jobs</source>
        <translation>不接受任务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="340"/>
        <source>Printer “%1” is stopped or refuses jobs; a job sent now waits in the queue as failed until it is retried.</source>
        <translation>打印机“%1”已停止或拒绝任务；现在发送的任务将以失败状态留在队列中，待重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="350"/>
        <source>No printer</source>
        <translation>无打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="387"/>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="397"/>
        <source>Saved as %1.</source>
        <translation>已保存为 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="404"/>
        <source>The PDF could not be saved as %1: %2. Choose another folder.</source>
        <translation>无法将 PDF 保存为 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="413"/>
        <source>this folder may not be written to</source>
        <translation>该文件夹不可写入</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="415"/>
        <source>a folder has that name</source>
        <translation>已有同名文件夹</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="417"/>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="419"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
</context>
<context>
    <name>PrintJobsPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="475"/>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="475"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="475"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="475"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="489"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="491"/>
        <source>Retry on another printer…</source>
        <translation>换打印机重试…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="493"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="532"/>
        <source>(the first printer that answers)</source>
        <translation>（首台响应的打印机）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="585"/>
        <source>This computer has no print system; no other printer to try.</source>
        <translation>本机没有打印系统，没有其他打印机可试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="594"/>
        <source>No printer is installed on this computer.</source>
        <translation>本机未安装打印机。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="605"/>
        <source>The printers cannot be listed (%1).</source>
        <translation>无法列出打印机（%1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="619"/>
        <source>“%1” has not been printed. Discard it for good?</source>
        <translation>“%1”尚未打印。确定永久放弃吗？</translation>
    </message>
</context>
<context>
    <name>PrintQueue</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="328"/>
        <source>Printer “%1” is not installed on this computer. Choose another printer, or ask for it to be set up, then retry; the document is kept.</source>
        <translation>本机未安装打印机“%1”。请选择其他打印机或请人安装后重试；文档已保留。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="332"/>
        <source>Printer “%1” is stopped or paused. Check paper and power, start it again in the system&apos;s printer settings, then retry; the document is kept.</source>
        <translation>打印机“%1”已停止或暂停。请检查纸张和电源，在系统打印机设置中重新启动后重试；文档已保留。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="336"/>
        <source>No print system answers on this computer, so nothing can go to printer “%1”. Save the document as PDF, or retry once printing works.</source>
        <translation>本机打印系统无响应，无法发送到打印机“%1”。请另存为 PDF，或待打印恢复后重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="340"/>
        <source>The print system refused the job for printer “%1”: %2. Retry, or choose another printer.</source>
        <translation>打印系统拒绝了打印机“%1”的任务：%2。请重试或选择其他打印机。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="344"/>
        <source>Printer “%1” could not print the job: %2. Check the printer, then retry.</source>
        <translation>打印机“%1”未能打印该任务：%2。请检查打印机后重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="350"/>
        <source>No print system answers on this computer. The document waits in the print queue (Ctrl+J) and prints by itself, unchanged, as soon as a printer answers.</source>
        <translation>本机没有可用的打印系统。该单据在打印队列中等待（Ctrl+J），打印机一有响应即自动原样打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="355"/>
        <source>No printer is installed on this computer. The document waits in the print queue (Ctrl+J) and prints by itself, unchanged, once a printer is set up.</source>
        <translation>本机没有安装打印机。该单据在打印队列中等待（Ctrl+J），装好打印机后即自动原样打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="360"/>
        <source>Printing on “%1” failed unexpectedly: %2</source>
        <translation>在“%1”上打印意外失败：%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="361"/>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="367"/>
        <source>“%1” is waiting to print on %2.</source>
        <translation>“%1”正在等待在 %2 上打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="369"/>
        <source>Sending “%1” to %2…</source>
        <translation>正在将“%1”发送到 %2…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="371"/>
        <source>“%1” was handed to printer %2.</source>
        <translation>“%1”已交给打印机 %2。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="373"/>
        <source>“%1” printed on %2.</source>
        <translation>“%1”已在 %2 上打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="375"/>
        <source>“%1” did not print: %2</source>
        <translation>“%1”未打印：%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="382"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="383"/>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="384"/>
        <source>Sent to printer</source>
        <translation>已送打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="385"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/print_queue.py" line="386"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>QuotePanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="45"/>
        <source>4 Quote (F6)</source>
        <translation>4 报价 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="48"/>
        <source>Passenger</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="49"/>
        <source>Passenger type</source>
        <translation>旅客类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="51"/>
        <source>Segment</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="52"/>
        <source>Fare</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="53"/>
        <source>CAAC fund</source>
        <translation>民航基金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="54"/>
        <source>Fuel</source>
        <translation>燃油</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="55"/>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="56"/>
        <source>Service fee</source>
        <translation>服务费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="58"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="66"/>
        <source>Quote (F6)</source>
        <translation>报价 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="67"/>
        <source>Book (F7)</source>
        <translation>订座 (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="86"/>
        <source>On the lap of %1</source>
        <translation>由%1怀抱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="92"/>
        <source>(GP)</source>
        <translation>（公务）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="106"/>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="121"/>
        <source>within %1 h of departure or after</source>
        <translation>起飞前 %1 小时内及起飞后</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="125"/>
        <source>%1 h or more before departure</source>
        <translation>起飞前 %1 小时（含）以上</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="128"/>
        <source>%1–%2 h before</source>
        <translation>起飞前 %1–%2 小时</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="133"/>
        <source>%1: refund fee %2, change fee %3</source>
        <translation>%1：退票费 %2，改签费 %3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="138"/>
        <source>Segment %1: </source>
        <translation>航段 %1：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="141"/>
        <source>(GP easy change/refund applies %1 h or more before departure)</source>
        <translation>（起飞前 %1 小时以上适用公务易改易退）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/quote.py" line="148"/>
        <source>PNR %1 · ticket by %2</source>
        <translation>订座编码 %1 · 出票时限 %2</translation>
    </message>
</context>
<context>
    <name>RefundPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="29"/>
        <source>Refund (退票)</source>
        <translation>退票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="31"/>
        <source>Voluntary (the passenger&apos;s choice)</source>
        <translation>自愿（旅客原因）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="33"/>
        <source>Involuntary (flight cancelled or changed by the airline)</source>
        <translation>非自愿（航班取消或航空公司变更）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="35"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="41"/>
        <source>Confirm refund</source>
        <translation>确认退票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="48"/>
        <source>Coupon</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="50"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="53"/>
        <source>Departs</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="54"/>
        <source>Fare</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="55"/>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="56"/>
        <source>Fare back</source>
        <translation>退票价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="58"/>
        <source>Taxes back</source>
        <translation>退税费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="62"/>
        <source>CN fund %1 + fuel surcharge %2</source>
        <translation>民航发展基金 %1 + 燃油附加费 %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="67"/>
        <source>Insurance back</source>
        <translation>退保险</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="68"/>
        <source>Service fee kept</source>
        <translation>不退服务费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="69"/>
        <source>Refundable</source>
        <translation>应退金额</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="75"/>
        <source>%1 (involuntary)</source>
        <translation>%1（非自愿）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="77"/>
        <source>%1 (GP easy refund)</source>
        <translation>%1（公务易退）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="83"/>
        <source>Refund the open coupons of ticket %1. The service fee is not refunded.</source>
        <translation>退客票 %1 未使用的航段。服务费不退。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="102"/>
        <source>Working out the refund…</source>
        <translation>正在计算退票…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="121"/>
        <source>Fee %1 · refund %2 · back by: %3</source>
        <translation>手续费 %1 · 退款 %2 · 退回方式：%3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="139"/>
        <source>Ticket %1 refunded: fee %2, give back %3 (%4).</source>
        <translation>客票 %1 已退票：手续费 %2，退还 %3（%4）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/refund.py" line="145"/>
        <source>The refund slip opens for printing.</source>
        <translation>退票单已打开，可打印。</translation>
    </message>
</context>
<context>
    <name>RequestDetail</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="61"/>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="144"/>
        <source>Choose a request on the left.</source>
        <translation>请在左侧选择一条申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="77"/>
        <source>Note to the counter; a rejection&apos;s reason</source>
        <translation>给柜台的备注；驳回时填写驳回原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="86"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="96"/>
        <source>Assign to…</source>
        <translation>指派给…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="109"/>
        <source>Steps</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="112"/>
        <source>Note / reason:</source>
        <translation>备注/原因：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="122"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="123"/>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="125"/>
        <source>Side</source>
        <translation>方</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="126"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="127"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="128"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="166"/>
        <source>Official</source>
        <translation>公务员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="167"/>
        <source>GP level</source>
        <translation>公务级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="168"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="169"/>
        <source>Flight</source>
        <translation>航班</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="170"/>
        <source>Flight date</source>
        <translation>航班日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="171"/>
        <source>From / to</source>
        <translation>起止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="175"/>
        <source>Departure</source>
        <translation>起飞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="176"/>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="177"/>
        <source>Booking reference</source>
        <translation>订座记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="178"/>
        <source>Outlet</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="179"/>
        <source>Assigned to</source>
        <translation>指派给</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="180"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="181"/>
        <source>Counter&apos;s note</source>
        <translation>柜台备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="187"/>
        <source>(nobody)</source>
        <translation>（不指派）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/detail.py" line="223"/>
        <source>Reject reason</source>
        <translation>驳回原因</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="118"/>
        <source>GP service request</source>
        <translation>公务服务申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="150"/>
        <source>Save draft (Ctrl+S)</source>
        <translation>保存草稿（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="151"/>
        <source>Submit (Ctrl+Enter)</source>
        <translation>提交（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="152"/>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="153"/>
        <source>Cancel request</source>
        <translation>取消申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="154"/>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="222"/>
        <source>Filling in the form…</source>
        <translation>正在填写表单…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="234"/>
        <source>New request (not saved)</source>
        <translation>新申请（未保存）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="280"/>
        <source>no GP level</source>
        <translation>无公务等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="282"/>
        <source>Booking %1</source>
        <translation>订座 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="286"/>
        <source> · due %1</source>
        <translation> · 截止 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="289"/>
        <source>⚠ Late: past its deadline</source>
        <translation>⚠ 已逾期：已过截止时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="308"/>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="339"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="353"/>
        <source>Changes sent to head office.</source>
        <translation>修改已发送总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="352"/>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="359"/>
        <source>Draft saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="370"/>
        <source>Submitted to head office.</source>
        <translation>已提交总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="377"/>
        <source>Cancel this request? Head office is told.</source>
        <translation>取消此申请？将通知总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="382"/>
        <source>Request cancelled.</source>
        <translation>申请已取消。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="407"/>
        <source>Not saved: see the field marked.</source>
        <translation>未保存：请查看标出的栏位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="419"/>
        <source>Discard what was typed and not saved?</source>
        <translation>放弃已输入但未保存的内容？</translation>
    </message>
</context>
<context>
    <name>RequestEditDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/edit_dialog.py" line="34"/>
        <source>Edit the request</source>
        <translation>修改申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/edit_dialog.py" line="42"/>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/edit_dialog.py" line="61"/>
        <source>Nothing changed.</source>
        <translation>没有修改任何内容。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/edit_dialog.py" line="65"/>
        <source>Saving at head office…</source>
        <translation>正在保存到总部…</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="338"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="338"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="338"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="338"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="339"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="339"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>RowsTable</name>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="142"/>
        <source>Add row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/request_form.py" line="143"/>
        <source>Remove row</source>
        <translation>删除一行</translation>
    </message>
</context>
<context>
    <name>SalePage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="229"/>
        <source>The step failed: %1</source>
        <translation>操作失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="266"/>
        <source>Segment added: %1 class %2.</source>
        <translation>已加入航段：%1 %2舱。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="338"/>
        <source>Quoted. F7 holds the booking.</source>
        <translation>已报价。按 F7 订座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="374"/>
        <source>Asking head office for the seats…</source>
        <translation>正在向总部申请座位…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="387"/>
        <source>Booked: PNR %1. Take the payment (F8).</source>
        <translation>已订座：%1。请收款 (F8)。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/page.py" line="426"/>
        <source>Ticketed: %1 ticket(s), PNR %2. Ctrl+N for the next sale.</source>
        <translation>已出票：%1 张，订座编码 %2。Ctrl+N 开始下一笔。</translation>
    </message>
</context>
<context>
    <name>SavePdfDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="72"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="74"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="84"/>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="85"/>
        <source>File name:</source>
        <translation>文件名：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="86"/>
        <source>Save as type:</source>
        <translation>保存类型：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="87"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="88"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SeatDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="212"/>
        <source>Seats</source>
        <translation>选座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="216"/>
        <source>Flight (Ctrl+PgDown)</source>
        <translation>航班 (Ctrl+PgDown)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="227"/>
        <source>Seats together (Ctrl+T)</source>
        <translation>推荐连座 (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="229"/>
        <source>Release seat</source>
        <translation>取消选座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="230"/>
        <source>Print boarding pass (Ctrl+P)</source>
        <translation>打印登机牌 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="232"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="310"/>
        <source>This booking has no flight to seat.</source>
        <translation>该订座记录没有可选座的航班。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="387"/>
        <source>Seats: %1 (PNR %2)</source>
        <translation>选座：%1（PNR %2）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="388"/>
        <source>Check-in: %1 (PNR %2)</source>
        <translation>值机：%1（PNR %2）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="453"/>
        <source>%1 is already %2&apos;s seat.</source>
        <translation>%1 已是 %2 的座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="461"/>
        <source>Choosing %1…</source>
        <translation>正在选座 %1…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="485"/>
        <source>Nearest equivalent seat: %1 (Enter takes it).</source>
        <translation>最近的同类座位：%1（按 Enter 选定）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="518"/>
        <source>Every passenger has a seat.</source>
        <translation>每位旅客都已有座位。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="524"/>
        <source>No %1 seats together are free in this cabin: choose them one by one.</source>
        <translation>本舱位没有 %1 个相连的空座：请逐个选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="529"/>
        <source>Proposed together: %1. Enter accepts them; another seat chooses one by one.</source>
        <translation>推荐连座：%1。按 Enter 确认；选其他座位则逐个选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="555"/>
        <source>Seat %1 released.</source>
        <translation>座位 %1 已取消。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="578"/>
        <source>Printing the boarding pass of %1 on %2…</source>
        <translation>正在打印 %1 的登机牌（座位 %2）…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="598"/>
        <source>Checked in: this seat is on the boarding pass.</source>
        <translation>已值机：该座位已印在登机牌上。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="604"/>
        <source>GP seat services are for a GP official (level V1–V5); this passenger has none.</source>
        <translation>公务座位服务仅适用于公务旅客（等级 V1–V5）；该旅客无公务等级。</translation>
    </message>
</context>
<context>
    <name>SeatMap</name>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="85"/>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="86"/>
        <source>Taken</source>
        <translation>已占</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="87"/>
        <source>Blocked by the airline</source>
        <translation>航司封锁</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="88"/>
        <source>Held</source>
        <translation>压座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="89"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="90"/>
        <source>Extra seat (EXST)</source>
        <translation>额外座位（EXST）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="91"/>
        <source>Chosen</source>
        <translation>已选</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="92"/>
        <source>Chosen offline, to be confirmed</source>
        <translation>离线已选，待确认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="93"/>
        <source>Proposed</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="94"/>
        <source>Not for this passenger</source>
        <translation>此旅客不可选</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="95"/>
        <source>Current seat</source>
        <translation>当前座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="96"/>
        <source>Exit row</source>
        <translation>出口</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="97"/>
        <source>Over the wing</source>
        <translation>机翼</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="98"/>
        <source>Galley</source>
        <translation>厨房</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="99"/>
        <source>Lavatory</source>
        <translation>洗手间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="105"/>
        <source>First class</source>
        <translation>头等舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="106"/>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="107"/>
        <source>Business class</source>
        <translation>公务舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="108"/>
        <source>Premium economy</source>
        <translation>超级经济舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="109"/>
        <source>Economy class</source>
        <translation>经济舱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="111"/>
        <source>Cabin %1</source>
        <translation>舱位 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="116"/>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="911"/>
        <source>Window</source>
        <translation>靠窗</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="117"/>
        <source>Middle</source>
        <translation>中间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="118"/>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="917"/>
        <source>Aisle</source>
        <translation>过道</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="128"/>
        <source>a child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="129"/>
        <source>an infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="130"/>
        <source>under 15</source>
        <translation>未满 15 周岁</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="131"/>
        <source>holding an infant</source>
        <translation>携带婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="134"/>
        <source>%1 (This passenger: %2.)</source>
        <translation>%1（本旅客：%2。）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="525"/>
        <source>Seat map</source>
        <translation>座位图</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="653"/>
        <source>Seat %1, %2</source>
        <translation>座位 %1，%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="661"/>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="666"/>
        <source>Not offered: %1</source>
        <translation>不可选：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="670"/>
        <source>Passenger %1</source>
        <translation>旅客 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="822"/>
        <source>No seat map</source>
        <translation>无座位图</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="931"/>
        <location filename="../../src/counter_app/gui/widgets/seat_map.py" line="961"/>
        <source>Exit</source>
        <translation>出口</translation>
    </message>
</context>
<context>
    <name>SeatModeLine</name>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="170"/>
        <source>Online: seats are confirmed by head office at once.</source>
        <translation>在线：座位由总部实时确认。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="172"/>
        <source>Offline: seats to be confirmed by head office.</source>
        <translation>离线：座位待总部确认。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="175"/>
        <source>Seat map as of %1.</source>
        <translation>座位图状态截至 %1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="177"/>
        <source>Check-in is open: Ctrl+P prints the boarding pass.</source>
        <translation>值机已开放：按 Ctrl+P 打印登机牌。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="179"/>
        <source>Check-in is not open: the boarding pass prints from 24 h to 45 min before departure.</source>
        <translation>值机尚未开放：登机牌在起飞前 24 小时至 45 分钟之间打印。</translation>
    </message>
</context>
<context>
    <name>SeatRoster</name>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="68"/>
        <source>Passenger</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="69"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="71"/>
        <source>GP</source>
        <translation>公务等级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="72"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="73"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="87"/>
        <source>Adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="87"/>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="88"/>
        <source>Infant</source>
        <translation>婴儿</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="92"/>
        <source>on lap</source>
        <translation>怀抱</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="101"/>
        <source>Proposed (Enter)</source>
        <translation>推荐（Enter 确认）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="103"/>
        <source>Moved (was %1)</source>
        <translation>已调整（原 %1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="105"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="106"/>
        <source>Provisional</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="108"/>
        <source>%1, checked in</source>
        <translation>%1，已值机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="110"/>
        <source>%1, locked</source>
        <translation>%1，已锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="136"/>
        <source>%1: %2 confirmed</source>
        <translation>%1：%2 已确认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="139"/>
        <source>%1: %2 given instead of %3</source>
        <translation>%1：已调整为 %2（原 %3）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="142"/>
        <source>%1: %2 provisional</source>
        <translation>%1：%2 待确认</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="145"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/seat_dialog.py" line="147"/>
        <source>Offline: seats to be confirmed by head office.</source>
        <translation>离线：座位待总部确认。</translation>
    </message>
</context>
<context>
    <name>SeatScreen</name>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="136"/>
        <source>%1  %2 → %3: touch a free seat</source>
        <translation>%1  %2 → %3：请点选一个空座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="138"/>
        <source>Seat %1</source>
        <translation>座位 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="139"/>
        <source>No seat chosen yet</source>
        <translation>尚未选择座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="141"/>
        <source>Seat %1, chosen when the ticket was bought</source>
        <translation>座位 %1（购票时已选）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="143"/>
        <source>Confirm seat %1</source>
        <translation>确认座位 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="144"/>
        <source>Confirm seat</source>
        <translation>确认座位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/kiosk/seat_screen.py" line="145"/>
        <source>Back to my flights</source>
        <translation>返回我的航班</translation>
    </message>
</context>
<context>
    <name>SeatsBar</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="34"/>
        <source>Seats… (Ctrl+E)</source>
        <translation>选座… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="53"/>
        <source>Seats can be chosen once the booking is held (F7).</source>
        <translation>订座（F7）后即可选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="96"/>
        <source> (provisional)</source>
        <translation>（待确认）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="98"/>
        <source> (moved from %1)</source>
        <translation>（由 %1 调整）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="101"/>
        <source>No seat chosen yet.</source>
        <translation>尚未选座。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sale/seats.py" line="102"/>
        <source>Seats: %1</source>
        <translation>座位：%1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="31"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="43"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="44"/>
        <source>Text size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="45"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="48"/>
        <source>Set the kiosk PIN…</source>
        <translation>设置自助值机 PIN…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="50"/>
        <source>Self check-in</source>
        <translation>自助值机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="52"/>
        <source>Language and text size take effect at the next start.</source>
        <translation>界面语言和字号在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>StaffLoginPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="27"/>
        <source>Head-office inbox: log in at head office</source>
        <translation>总部待办：登录总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="30"/>
        <source>Head office checks your password itself; the inbox needs the link to head office.</source>
        <translation>密码由总部核验；总部待办需要与总部联网。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="38"/>
        <source>Log in to head office</source>
        <translation>登录总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="46"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="47"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="64"/>
        <source>Enter your login.</source>
        <translation>请输入登录名。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="66"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="75"/>
        <source>No link to head office: the inbox works online only. It opens once the counter is back online.</source>
        <translation>未连接总部：总部待办只能在线使用，柜台恢复联网后即可登录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/login.py" line="83"/>
        <source>Logging in at head office…</source>
        <translation>正在登录总部…</translation>
    </message>
</context>
<context>
    <name>StepsTable</name>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="80"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="80"/>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="80"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="81"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="81"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="89"/>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="89"/>
        <source>accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="90"/>
        <source>arranged</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="90"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="91"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="91"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="92"/>
        <source>edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="92"/>
        <source>assigned</source>
        <translation>已指派</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="100"/>
        <source>head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/request_dialog.py" line="100"/>
        <source>counter</source>
        <translation>柜台</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="38"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="40"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="41"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="45"/>
        <source>Not enrolled</source>
        <translation>未登记总部</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="49"/>
        <source>This counter works alone: enroll it with head office (Counter → Enroll with head office).</source>
        <translation>本柜台单机工作：请登记到总部（柜台 → 登记到总部）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="55"/>
        <source>Queue stalled</source>
        <translation>队列停滞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="55"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="55"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="65"/>
        <source>%1 waiting</source>
        <translation>待上传 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="67"/>
        <source> (oldest %1)</source>
        <translation>（最早 %1 前）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="70"/>
        <source>queue empty</source>
        <translation>队列为空</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="74"/>
        <source>synced %1</source>
        <translation>%1 已同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="77"/>
        <source>%1 to check</source>
        <translation>待处理 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/widgets/sync_indicator.py" line="81"/>
        <source>Click for the sync page (F9).</source>
        <translation>点击打开同步页面（F9）。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="47"/>
        <source>Refused by head office</source>
        <translation>总部拒绝</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="48"/>
        <source>Edited on both sides</source>
        <translation>双方都修改了</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="49"/>
        <source>Clock wrong</source>
        <translation>时钟不准</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="50"/>
        <source>Queue stalled</source>
        <translation>队列停滞</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="51"/>
        <source>Credentials refused</source>
        <translation>凭据被拒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="52"/>
        <source>Copy drifted</source>
        <translation>数据不一致</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="53"/>
        <source>Upgrade needed</source>
        <translation>需要升级</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="54"/>
        <source>Seat moved</source>
        <translation>座位已调整</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="58"/>
        <source>Sync now (F5)</source>
        <translation>立即同步 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="65"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="66"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="67"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="69"/>
        <source>What to do</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="77"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="78"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="79"/>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="80"/>
        <source>Made at</source>
        <translation>产生时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="81"/>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="82"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="87"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="88"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="88"/>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="89"/>
        <source>Sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="90"/>
        <source>Applied</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="92"/>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="94"/>
        <source>Refused</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="95"/>
        <source>Received</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="109"/>
        <source>What was done (kept in the audit)</source>
        <translation>处理情况（记入审计）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="111"/>
        <source>Mark handled</source>
        <translation>标记已处理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="121"/>
        <source>Attention</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="122"/>
        <source>Waiting to send</source>
        <translation>待上传</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="123"/>
        <source>Last syncs</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="139"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="145"/>
        <source>This counter is not enrolled with head office; it works alone from its local data.</source>
        <translation>本柜台未登记到总部，使用本地数据单机工作。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="160"/>
        <source>Attention (%1)</source>
        <translation>待处理 (%1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="161"/>
        <source>Waiting to send (%1)</source>
        <translation>待上传 (%1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="163"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="163"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="165"/>
        <source>Head office: %1. %2 operations waiting; %3 items to check.</source>
        <translation>总部：%1。待上传 %2 项；待处理 %3 项。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/sync_page.py" line="178"/>
        <source>What was done: write a few words before marking the item handled.</source>
        <translation>处理情况：标记为已处理前请简要填写。</translation>
    </message>
</context>
<context>
    <name>TicketsTab</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="58"/>
        <source>Ticket number</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="59"/>
        <source>Passenger</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="60"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="62"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="67"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="69"/>
        <source>Exchanged from</source>
        <translation>原票号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="71"/>
        <source>Coupons</source>
        <translation>航段</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="79"/>
        <source>Void (F8)</source>
        <translation>作废 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="80"/>
        <source>Refund (F6)</source>
        <translation>退票 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="81"/>
        <source>Change (F7)</source>
        <translation>改签 (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="82"/>
        <source>Correct name (F11)</source>
        <translation>姓名更正 (F11)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="109"/>
        <source>Select a ticket, then: F8 void · F6 refund · F7 change · F11 name correction. Coupon status letters: %1.</source>
        <translation>选中客票后：F8 作废 · F6 退票 · F7 改签 · F11 姓名更正。航段状态：%1。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/tickets.py" line="158"/>
        <source>%1 · %2 · %3 tickets · paid %4</source>
        <translation>%1 · %2 · %3 张客票 · 已付 %4</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="84"/>
        <source>Unit details — %1</source>
        <translation>单位资料 — %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="86"/>
        <source>e.g. 秘书处王强</source>
        <translation>例如：秘书处王强</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="87"/>
        <source>e.g. 0755-88880001</source>
        <translation>例如：0755-88880001</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="91"/>
        <source>(not set)</source>
        <translation>（未设定）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="104"/>
        <source>Contact person</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="104"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="105"/>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="105"/>
        <source>Bureau</source>
        <translation>主管部门</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="106"/>
        <source>Level of government</source>
        <translation>行政级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="106"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/unit_dialog.py" line="154"/>
        <source>This unit is shared by every outlet. Head office accepts the change only if it has granted this outlet the unit (grant-customer); this counter cannot see head office&apos;s grants. Without one the change is refused and comes back on the attention list.</source>
        <translation>此单位为各网点共用：总部须已将此单位授权给本网点（grant-customer），才会接受修改；本柜台无法查看总部的授权。未经授权，修改将被总部拒绝，并列入待处理事项。</translation>
    </message>
</context>
<context>
    <name>UnitEditor</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="149"/>
        <source>(not set)</source>
        <translation>（未设定）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="153"/>
        <source>Save unit</source>
        <translation>保存单位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="155"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="155"/>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="156"/>
        <source>Contact person</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="157"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="158"/>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="159"/>
        <source>Bureau</source>
        <translation>主管部门</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="160"/>
        <source>Level of government</source>
        <translation>行政级别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="179"/>
        <source>New GP unit</source>
        <translation>新建公务单位</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="299"/>
        <source>New official…</source>
        <translation>新增公务人员…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="300"/>
        <source>Official…</source>
        <translation>公务人员资料…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="301"/>
        <source>Edit unit details…</source>
        <translation>修改单位资料…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="330"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="332"/>
        <source>Contact person: %1</source>
        <translation>经办人：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="334"/>
        <source>Account manager: %1</source>
        <translation>客户经理：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="337"/>
        <source>Bureau: %1</source>
        <translation>主管部门：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/official_dialog.py" line="339"/>
        <source>Level of government: %1</source>
        <translation>行政级别：%1</translation>
    </message>
</context>
<context>
    <name>UnitsDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="203"/>
        <source>GP units and officials</source>
        <translation>公务单位与官员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="204"/>
        <source>Name, pinyin or code</source>
        <translation>单位名称、拼音或代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="205"/>
        <source>New unit…</source>
        <translation>新建单位…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="207"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="208"/>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="209"/>
        <source>Contact person</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="211"/>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="212"/>
        <source>Officials</source>
        <translation>公务人员数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="217"/>
        <source>New official…</source>
        <translation>新增公务人员…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="218"/>
        <source>Official…</source>
        <translation>公务人员资料…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="245"/>
        <source>Officials of the unit</source>
        <translation>本单位公务人员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="303"/>
        <source>A new unit needs its code and name.</source>
        <translation>新建单位须填写代码和单位名称。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="308"/>
        <source>Nothing changed.</source>
        <translation>没有修改任何内容。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="311"/>
        <source>Saving at head office…</source>
        <translation>正在保存到总部…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="330"/>
        <source>Unit saved at head office; the GP counters get it at their next sync.</source>
        <translation>单位已保存到总部；公务柜台下次同步时即可收到。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="385"/>
        <source>Official saved at head office.</source>
        <translation>公务人员已保存到总部。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/inbox/units.py" line="396"/>
        <source>Your head-office session has ended; log in again.</source>
        <translation>总部登录已失效，请重新登录。</translation>
    </message>
</context>
<context>
    <name>VoidPanel</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="19"/>
        <source>Void the ticket (作废)</source>
        <translation>作废客票</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="21"/>
        <source>Why the ticket is voided (kept in the audit)</source>
        <translation>作废原因（记入审计）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="23"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="26"/>
        <source>Confirm void</source>
        <translation>确认作废</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="32"/>
        <source>Void ticket %1 (%2)? Only on the day of issue and before the day close; the money goes back by the way it was paid, the seats back to the allotment.</source>
        <translation>作废客票 %1（%2）？仅限出票当天日结前；款项按原支付方式退回，座位退回配额。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/after_sale/void.py" line="52"/>
        <source>Ticket %1 voided. Give back: %2. Seats released: %3.</source>
        <translation>客票 %1 已作废。退还：%2。释放座位：%3。</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="105"/>
        <source>Retry on another printer</source>
        <translation>换打印机重试</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="106"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/printing/preview.py" line="115"/>
        <source>Discard print job</source>
        <translation>放弃打印任务</translation>
    </message>
</context>
</TS>
