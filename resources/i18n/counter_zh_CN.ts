<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CounterApp</name>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="86"/>
        <source>The local data could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="99"/>
        <source>Local data damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/app.py" line="101"/>
        <source>Move it aside and start fresh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="41"/>
        <source>Walk-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="42"/>
        <source>Agreement customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="43"/>
        <source>GP unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="44"/>
        <source>Distributor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="46"/>
        <source>Resident ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="46"/>
        <source>Passport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="47"/>
        <source>Other ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="48"/>
        <source>Pay now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="48"/>
        <source>Monthly on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="51"/>
        <source>Name, pinyin, initials or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="55"/>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="61"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="62"/>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="75"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="63"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="64"/>
        <source>Settlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="66"/>
        <source>Credit limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="69"/>
        <source>Travellers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="76"/>
        <source>GP level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="77"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="78"/>
        <source>ID type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="79"/>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="80"/>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="88"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/customers.py" line="146"/>
        <source>%1 customers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlightFinderPage</name>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="90"/>
        <source>From: code, pinyin or Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="93"/>
        <source>To: code, pinyin or Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="98"/>
        <source>Swap from and to (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="107"/>
        <source>◀ Day before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="108"/>
        <source>Ctrl+Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="109"/>
        <source>Day after ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="110"/>
        <source>Ctrl+Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="111"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="116"/>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="137"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="119"/>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="139"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="122"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="135"/>
        <source>Flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="136"/>
        <source>Airline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="141"/>
        <source>Departs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="143"/>
        <source>Arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="144"/>
        <source>Aircraft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="145"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="147"/>
        <source>Lowest fare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="148"/>
        <source>Availability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="158"/>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="159"/>
        <source>Cabin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="160"/>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="161"/>
        <source>Fare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="163"/>
        <source>Seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="164"/>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="230"/>
        <source>departed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="231"/>
        <source>full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="234"/>
        <source>First</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="234"/>
        <source>Business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="234"/>
        <source>Economy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="296"/>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="310"/>
        <source>%1 flights on %2, from the local cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="316"/>
        <source>No direct flights on that day. Try the day before or after (Ctrl+Left / Ctrl+Right).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/pages/flight_finder.py" line="327"/>
        <source>The search failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="39"/>
        <source>Counter — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="42"/>
        <source>Air-ticket counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="45"/>
        <source>Log in with your clerk account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="56"/>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="57"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="65"/>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="80"/>
        <source>Demo mode. Accounts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="94"/>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="95"/>
        <source>Opening the local data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="125"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/login_dialog.py" line="155"/>
        <source>Login failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="40"/>
        <source>Counter — air-ticket counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="52"/>
        <source>Flights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="53"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="89"/>
        <source>&amp;Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="90"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="94"/>
        <source>Log &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="99"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="103"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="104"/>
        <source>&amp;About Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="113"/>
        <source>Demo data · local cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="113"/>
        <source>Local cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="135"/>
        <source>About Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/main_window.py" line="136"/>
        <source>Counter, the air-ticket counter application.
Airport data derived from OpenFlights (ODbL 1.0).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="27"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="41"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="42"/>
        <source>Text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="43"/>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/counter_app/gui/settings_dialog.py" line="44"/>
        <source>Language and text size take effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
