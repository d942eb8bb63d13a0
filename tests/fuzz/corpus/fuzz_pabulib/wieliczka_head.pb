META
key;value
description;Municipal PB in Wieliczka, Green Budget (Zielony Milion)
country;Poland
unit;Wieliczka
subunit;Green Budget
instance;2023
num_projects;8
num_votes;10
budget;1000000
vote_type;approval
rule;equalshares/add1-comparison
date_begin;03.04.2023
date_end;21.04.2023
min_length;1
edition;1
language;pl
currency;PLN
PROJECTS
project_id;cost;votes;name;selected;latitude;longitude
24;5000;720;Zakup 10 fotopułapek przeciwko śmieciarzom i dzikim wysypiskom;1;49.9873919;20.0835982
41;85000;658;Stworzenie warunków rekreacyjnych dla mieszkańców Węgrzc Wielkich;1;50.0170563149589;20.114811182197
40;100000;583;Projekt zapobiegania bezdomności psów i kotów na terenie gminy Wieliczka poprzez podejmowanie takich działań jak: sterylizacja kastracja oraz chipowanie zwierząt a także inicjatyw związanych z edukacją mieszkańców gminy i promocją adopcji zwierząt;1;49.9846962;20.0591316
74;70800;552;Rewitalizacja zieleni parku przy kościele św. Sebastiana w Wieliczce;1;49.9782458701926;20.0660240650177
19;99800;538;Odbudowa populacji zagrożonych gatunków ichtiofauny oraz zwiększenie populacji ryb drapieżnych;1;50.0327760483247;20.0831365585327
6;100000;500;Zielona Chorągwica - rewitalizacja terenów zielonych wraz z nasadzeniami;1;49.9578709;20.0898377
21;100000;496;Budowa ścieżki edukacyjno-ekologicznej w Laskowcu w Pawlikowicach;0;49.956079627214;20.0687170028687
32;34999;428;Nasadzenie drzew krzewów i traw przy nowo budowanej ścieżce rekreacyjnej w Strumianach;1;50.009518;20.1019013
39;600;418;Budki lęgowe dla jerzyków;1;50.0136337;20.0935109
VOTES
voter_id;vote
1;24,41,40
2;24,41,40
3;24,41,40
4;24,41,40
5;24,41,40
6;24,41,40
7;24,41,40
8;24,41,40
9;24,41,40
10;24,41,40
