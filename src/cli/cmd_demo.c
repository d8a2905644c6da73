/*
 * wubiao demo: fill an empty database with a demo district and one campaign's history.
 *
 * Everything is written through the services, acting as the demo user of each role with
 * the clock set to the moment each step happened, so every record has its audit event
 * and the log reads like the campaign did. The history is planned first (a PRNG seeded
 * by --seed makes the choices), then the planned steps are sorted by time and played.
 * Receipts and passwords are random.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../util/err.h"
#include "cli.h"
#include "demo.h"

#define DAY      86400
#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* ---- the district ---- */

struct unit_def {
	const char *code, *name;
	enum wb_unit_kind kind;
	const char *parent, *station; /* codes */
	const char *window;           /* the service the public meets there, for generic opinions */
	const char *home;             /* the point where its public usually gives opinions */
	int fees;                     /* it charges fees */
};

static const struct unit_def units[] = {
    {"office", "区纠风办", UK_OFFICE, NULL, NULL, NULL, NULL, 0},
    {"st-zwfw", "政务服务监测站", UK_STATION, "office", NULL, NULL, NULL, 0},
    {"st-shsy", "社会事业监测站", UK_STATION, "office", NULL, NULL, NULL, 0},
    {"st-csgl", "城市管理监测站", UK_STATION, "office", NULL, NULL, NULL, 0},
    {"st-jz", "街镇监测站", UK_STATION, "office", NULL, NULL, NULL, 0},
    {"pt-01", "区政务服务中心综合窗口", UK_POINT, "st-zwfw", NULL, NULL, NULL, 0},
    {"pt-02", "不动产登记大厅", UK_POINT, "st-zwfw", NULL, NULL, NULL, 0},
    {"pt-03", "办税服务厅", UK_POINT, "st-zwfw", NULL, NULL, NULL, 0},
    {"pt-04", "企业开办服务专区", UK_POINT, "st-zwfw", NULL, NULL, NULL, 0},
    {"pt-05", "社保经办窗口", UK_POINT, "st-shsy", NULL, NULL, NULL, 0},
    {"pt-06", "社区卫生服务中心挂号处", UK_POINT, "st-shsy", NULL, NULL, NULL, 0},
    {"pt-07", "医保服务大厅", UK_POINT, "st-shsy", NULL, NULL, NULL, 0},
    {"pt-08", "教育招生咨询点", UK_POINT, "st-shsy", NULL, NULL, NULL, 0},
    {"pt-09", "车管服务点", UK_POINT, "st-csgl", NULL, NULL, NULL, 0},
    {"pt-10", "燃气营业厅", UK_POINT, "st-csgl", NULL, NULL, NULL, 0},
    {"pt-11", "城市管理服务站", UK_POINT, "st-csgl", NULL, NULL, NULL, 0},
    {"pt-12", "公交客运服务站", UK_POINT, "st-csgl", NULL, NULL, NULL, 0},
    {"pt-13", "东湖街道便民服务中心", UK_POINT, "st-jz", NULL, NULL, NULL, 0},
    {"pt-14", "西山街道便民服务中心", UK_POINT, "st-jz", NULL, NULL, NULL, 0},
    {"pt-15", "城关镇便民服务中心", UK_POINT, "st-jz", NULL, NULL, NULL, 0},
    {"pt-16", "青石镇社区服务站", UK_POINT, "st-jz", NULL, NULL, NULL, 0},
    {"dept-jw", "区教委", UK_DEPARTMENT, "office", "st-shsy", "教育服务", "pt-08", 1},
    {"dept-wjw", "区卫健委", UK_DEPARTMENT, "office", "st-shsy", "医疗服务", "pt-06", 1},
    {"dept-rsj", "区人力社保局", UK_DEPARTMENT, "office", "st-shsy", "社保经办", "pt-05", 0},
    {"dept-mzj", "区民政局", UK_DEPARTMENT, "office", "st-shsy", "民政服务", "pt-01", 0},
    {"dept-scjg", "区市场监管局", UK_DEPARTMENT, "office", "st-zwfw", "市场主体登记", "pt-04", 0},
    {"dept-zjw", "区住建委", UK_DEPARTMENT, "office", "st-csgl", "住房保障", "pt-11", 0},
    {"dept-cgw", "区城管委", UK_DEPARTMENT, "office", "st-csgl", "燃气服务", "pt-10", 1},
    {"dept-jtw", "区交通委", UK_DEPARTMENT, "office", "st-csgl", "车管业务", "pt-09", 1},
    {"dept-swj", "区税务局", UK_DEPARTMENT, "office", "st-zwfw", "办税服务", "pt-03", 0},
    {"dept-bdc", "区不动产登记中心", UK_DEPARTMENT, "office", "st-zwfw", "不动产登记", "pt-02", 1},
    {"dept-ybj", "区医保局", UK_DEPARTMENT, "office", "st-shsy", "医保经办", "pt-07", 0},
    {"dept-zwfw", "区政务服务中心", UK_DEPARTMENT, "office", "st-zwfw", "综合受理", "pt-01", 0},
    {"str-dh", "东湖街道", UK_STREET, "office", "st-jz", NULL, "pt-13", 0},
    {"str-xs", "西山街道", UK_STREET, "office", "st-jz", NULL, "pt-14", 0},
    {"str-ny", "南苑街道", UK_STREET, "office", "st-jz", NULL, "pt-13", 0},
    {"str-bg", "北关街道", UK_STREET, "office", "st-jz", NULL, "pt-14", 0},
    {"town-cg", "城关镇", UK_STREET, "office", "st-jz", NULL, "pt-15", 0},
    {"town-qs", "青石镇", UK_STREET, "office", "st-jz", NULL, "pt-16", 0},
};
#define NUNITS COUNT(units)

struct user_def {
	const char *username, *display;
	enum wb_role role;
	const char *unit;
};

static const struct user_def users[] = {
    {"admin", "刘敏", ROLE_ADMIN, "office"},       {"leader", "周志远", ROLE_LEADER, "office"},
    {"station1", "陈静", ROLE_STATION, "st-zwfw"}, {"station2", "杨帆", ROLE_STATION, "st-shsy"},
    {"station3", "赵磊", ROLE_STATION, "st-csgl"}, {"station4", "孙丽", ROLE_STATION, "st-jz"},
    {"point01", "吴婷", ROLE_POINT, "pt-01"},      {"point02", "郑凯", ROLE_POINT, "pt-02"},
    {"point05", "马晓燕", ROLE_POINT, "pt-05"},    {"point06", "胡佳", ROLE_POINT, "pt-06"},
    {"point09", "郭宇", ROLE_POINT, "pt-09"},      {"point10", "何小芳", ROLE_POINT, "pt-10"},
    {"point13", "林海", ROLE_POINT, "pt-13"},      {"point15", "高红梅", ROLE_POINT, "pt-15"},
    {"unit-jw", "罗文", ROLE_UNIT, "dept-jw"},     {"unit-wjw", "梁晨", ROLE_UNIT, "dept-wjw"},
    {"unit-rsj", "宋佳怡", ROLE_UNIT, "dept-rsj"}, {"unit-scjg", "唐明", ROLE_UNIT, "dept-scjg"},
    {"unit-cgw", "韩雪", ROLE_UNIT, "dept-cgw"},   {"unit-bdc", "冯涛", ROLE_UNIT, "dept-bdc"},
    {"unit-zwfw", "邓丽", ROLE_UNIT, "dept-zwfw"}, {"unit-dh", "许建军", ROLE_UNIT, "str-dh"},
    {"unit-xs", "曹颖", ROLE_UNIT, "str-xs"},      {"unit-cg", "彭志刚", ROLE_UNIT, "town-cg"},
};
#define NUSERS COUNT(users)

/* ---- what people say: topics of opinions and the problems they become ---- */

static const char C_ATTITUDE[] = "服务态度", C_SPEED[] = "办事效率", C_FEES[] = "收费",
                  C_OPEN[] = "办事公开", C_PLACE[] = "环境设施", C_POLICY[] = "政策咨询";

struct topic {
	/* a unit code; "*street" any street or town, "*dept" any department, "*fee" any
	 * department that charges fees */
	const char *unit;
	const char *category;
	enum wb_dimension dim;
	const char *title;    /* {u}: the unit's name, {w}: its window */
	const char *texts[4]; /* the opinions, in several wordings */
	const char *measure;  /* what the unit does about it */
	const char *alt;      /* a unit that may be the responsible one instead, or NULL */
};

#define CON DIM_CONDUCT
#define EFF DIM_EFFICIENCY
static const struct topic topics[] = {
    {"dept-rsj",
     C_SPEED,
     EFF,
     "社保窗口排队时间长、取号机经常故障",
     {"社保窗口上午排队超过一个小时，取号机经常故障。",
      "社保经办大厅取号机坏了好几天，只能现场人工排队，等了一个多小时。",
      "上午来补办社保卡，前面十几个人却等了将近两个小时。",
      "社保窗口只开了两个，高峰期排队的人很多，建议增开窗口。"},
     "增设2台自助取号机并安排专人每日巡检，高峰时段增开3个综合窗口",
     NULL},
    {"dept-rsj",
     C_ATTITUDE,
     CON,
     "社保窗口人员解释政策不耐心",
     {"窗口人员解释养老保险政策不耐心，说话生硬。",
      "咨询灵活就业参保，工作人员只说看墙上的公示，不愿多解释。",
      "社保窗口个别工作人员态度冷淡，多问两句就不耐烦。"},
     "组织窗口人员开展服务规范和政策业务培训，落实首问负责制并接入服务评价器",
     NULL},
    {"dept-rsj",
     C_POLICY,
     EFF,
     "社保咨询电话长期无人接听",
     {"社保咨询电话打了一上午都没人接。", "办事指南上的社保咨询电话一直占线或无人接听。",
      "电话咨询退休手续，转了三次也没说清楚。"},
     "增加咨询专线坐席，实行来电登记、限时回复和回访制度",
     NULL},
    {"dept-ybj",
     C_SPEED,
     EFF,
     "医保报销材料一次告知不清、群众反复补交",
     {"异地就医报销材料一次没说全，来回跑了三趟。",
      "医保手工报销需要的材料和网上公布的清单不一样。",
      "门诊慢特病申请让补交材料，每次只告知一项。"},
     "编制医保报销一次性告知清单，线上线下同步公示并严格执行",
     NULL},
    {"dept-ybj",
     C_OPEN,
     EFF,
     "医保报销进度无法查询",
     {"医保报销提交一个多月了，不知道办到哪一步了。", "希望医保报销能在网上查询办理进度。",
      "报销款什么时候到账没人告知。"},
     "开通报销进度网上查询和短信提醒，公示各环节办理时限",
     NULL},
    {"dept-wjw",
     C_SPEED,
     EFF,
     "社区卫生服务中心挂号缴费多次排队",
     {"医院挂号缴费需要多次排队，建议增加自助机。",
      "社区卫生服务中心挂号、缴费、取药要排三次队，老人吃不消。",
      "看个感冒光排队挂号就用了四十分钟。"},
     "增设3台自助挂号缴费机，推行诊间支付，高峰时段增派导诊人员",
     NULL},
    {"dept-wjw",
     C_PLACE,
     EFF,
     "候诊区座椅不足、输液室空调损坏",
     {"候诊区座椅太少，很多老人只能站着等。", "输液室空调坏了很久，夏天非常闷热。",
      "候诊区没有饮水设施，建议增设。"},
     "增加候诊座椅40个，维修更换输液室空调并增设饮水设施",
     NULL},
    {"dept-wjw",
     C_ATTITUDE,
     CON,
     "挂号处对老年人缺乏耐心",
     {"挂号处对不会用手机的老人不耐心。", "老年人不会扫码挂号，工作人员说话生硬。",
      "陪老人看病，窗口人员一直催促，态度不好。"},
     "设立老年人优先窗口，保留人工挂号和现金缴费，开展适老化服务培训",
     NULL},
    {"dept-wjw",
     C_FEES,
     CON,
     "医疗服务收费项目公示不全",
     {"社区卫生服务中心收费项目没有公示价格。", "检查费用明细看不懂，问了也没有解释清楚。"},
     "在大厅电子屏公示收费项目和价格，提供费用清单自助查询",
     NULL},
    {"dept-jw",
     C_FEES,
     CON,
     "学校课后服务收费标准不清楚",
     {"学校课后服务收费标准不清楚。", "课后托管费用怎么算的没有公示，家长有疑问。",
      "课后服务费收取没有出具明细。"},
     "统一公示课后服务收费标准、项目和依据，按学期向家长出具收费明细",
     NULL},
    {"dept-jw",
     C_POLICY,
     EFF,
     "入学政策咨询渠道不畅",
     {"小学入学政策咨询电话总打不通。", "招生入学材料要求各学校说法不一致。",
      "幼升小政策变化没有提前告知家长。"},
     "开通入学咨询专线，统一发布入学材料清单和政策问答",
     NULL},
    {"dept-jw",
     C_PLACE,
     EFF,
     "学校周边上下学时段停车秩序混乱",
     {"学校门口上下学时段车辆乱停，孩子过马路不安全。", "放学时校门口堵得走不动，没人疏导。"},
     "会同交通部门在校园周边设置临时停车区并安排人员疏导",
     "dept-jtw"},
    {"dept-mzj",
     C_SPEED,
     EFF,
     "临时救助申请审核时间过长",
     {"申请临时救助一个多月还没有结果。", "救助申请每一级审核都要重新交一遍材料。"},
     "压缩审核环节，实行材料一次提交、部门内部流转和限时办结",
     NULL},
    {"dept-mzj",
     C_SPEED,
     EFF,
     "婚姻登记预约号源紧张",
     {"婚姻登记网上预约号源太少，总约不上。", "婚姻登记电话预约打不进去。"},
     "增加预约号源，开通现场取号和节假日前延时服务",
     NULL},
    {"dept-scjg",
     C_SPEED,
     EFF,
     "企业开办登记材料要求前后不一致",
     {"企业开办登记窗口和网上公布的材料要求不一致，跑了两次。",
      "个体工商户变更登记要求提供的材料太多。", "营业执照变更，窗口说要补材料，网上却没写。"},
     "统一线上线下材料清单，推行企业开办一网通办和一次性告知",
     NULL},
    {"dept-scjg",
     C_ATTITUDE,
     CON,
     "消费投诉处理反馈不及时",
     {"消费投诉提交两周了没有人联系。", "投诉处理结果没有告知，不知道有没有人管。"},
     "建立投诉限时办结和结果回访制度，每周通报处理情况",
     NULL},
    {"dept-scjg",
     C_OPEN,
     EFF,
     "食品经营许可办理时限未公示",
     {"食品经营许可办理需要多久，办事指南上没有写。", "许可证办理进度查不到。"},
     "在办事指南中补充承诺时限，开通办理进度查询",
     NULL},
    {"dept-zjw",
     C_SPEED,
     EFF,
     "老旧小区改造施工周期长",
     {"小区改造施工拖了三个月，楼道里堆满了材料。", "老旧小区改造开工后进度很慢，也没有公示工期。"},
     "制定施工进度表并在小区公示，设专人协调施工和居民诉求",
     NULL},
    {"dept-zjw",
     C_POLICY,
     EFF,
     "公租房申请政策解释不一致",
     {"公租房申请条件咨询了几次，每次说法都不一样。", "住房保障政策看不懂，窗口也讲不清楚。"},
     "编印住房保障政策明白纸，统一答复口径并开展业务培训",
     NULL},
    {"dept-zjw",
     C_OPEN,
     CON,
     "物业专项维修资金使用情况不透明",
     {"小区维修资金用了多少、用在哪里，业主不清楚。", "维修资金使用没有公示。"},
     "督促物业服务企业按季度公示维修资金使用情况，开通网上查询",
     NULL},
    {"dept-cgw",
     C_PLACE,
     EFF,
     "小区路灯损坏长期无人维修",
     {"小区路灯损坏两周无人维修。", "路灯不亮，晚上出行不安全，报修后一直没人来。",
      "路口路灯坏了很久，晚上黑漆漆的。"},
     "建立路灯巡查和报修48小时修复机制，对辖区路灯开展集中排查",
     NULL},
    {"dept-cgw",
     C_PLACE,
     EFF,
     "人行道井盖松动破损",
     {"人行道井盖松动，踩上去会晃。", "路口井盖缺损，存在安全隐患。",
      "人行道上有井盖下沉，老人容易绊倒。"},
     "对辖区井盖开展拉网式排查，更换松动破损井盖并建立巡查台账",
     "dept-zjw"},
    {"dept-cgw",
     C_FEES,
     CON,
     "燃气开户收费未出具明细",
     {"燃气开户收取的材料费没有出具明细。", "燃气营业厅收费项目没有公示。",
      "燃气改管的收费标准不清楚，问了也说不明白。"},
     "督促燃气企业公示收费项目和标准，逐笔出具收费明细",
     NULL},
    {"dept-cgw",
     C_SPEED,
     EFF,
     "燃气报修上门不及时",
     {"燃气灶报修三天了还没人上门。", "燃气表故障报修后一直等不到维修人员。"},
     "督促燃气企业实行报修24小时内上门，建立报修回访制度",
     NULL},
    {"dept-cgw",
     C_PLACE,
     EFF,
     "生活垃圾清运不及时",
     {"小区垃圾桶满了两天没人清运，气味很大。", "垃圾清运车来得不固定，垃圾经常堆在外面。"},
     "调整清运班次，实行日产日清，公示清运时间和监督电话",
     NULL},
    {"dept-jtw",
     C_SPEED,
     EFF,
     "车管服务点业务办理等候时间长",
     {"车管服务点换驾驶证排队两个多小时。", "驾驶证业务只能上午办理，也没有公示。",
      "车管服务点只有一个窗口办理年检业务。"},
     "增设业务窗口，推行网上预约和全天办理，公示业务时间",
     NULL},
    {"dept-jtw",
     C_PLACE,
     EFF,
     "公交站台缺少遮雨棚、站牌信息陈旧",
     {"公交站台没有遮雨棚，下雨天等车很不方便。", "站牌信息陈旧，线路调整后没有更新。"},
     "对辖区公交站台进行改造，增设遮雨棚并更新站牌信息",
     NULL},
    {"dept-swj",
     C_SPEED,
     EFF,
     "办税服务厅高峰期等候时间长",
     {"办税服务厅月初排队时间太长。", "个税汇算咨询要排很久的队。", "办税大厅自助终端经常有故障。"},
     "推行预约办税和错峰提醒，增设自助办税终端并安排专人维护",
     NULL},
    {"dept-swj",
     C_POLICY,
     EFF,
     "税费优惠政策辅导不到位",
     {"小微企业优惠政策不知道怎么申请，几次咨询得到的答复不一致。", "新政策出台后没有开展辅导。"},
     "开展税费优惠政策专题辅导，编制政策指引并统一咨询口径",
     NULL},
    {"dept-bdc",
     C_SPEED,
     EFF,
     "不动产登记材料清单与网上公布不一致",
     {"不动产登记材料清单与网上公布的不一致，跑了三次。",
      "办理二手房过户，窗口要求的材料网上没写。", "不动产证办理时限没有告知，等了很久。"},
     "统一线上线下材料清单，实行一次性告知和容缺受理",
     NULL},
    {"dept-bdc",
     C_ATTITUDE,
     CON,
     "不动产登记大厅引导服务不到位",
     {"大厅里不知道该去哪个窗口，导办人员不在岗。", "咨询台工作人员回答问题很敷衍。"},
     "增设导办岗位，落实首问负责制并纳入服务评价",
     NULL},
    {"dept-zwfw",
     C_PLACE,
     EFF,
     "政务大厅缺少老年人帮办窗口和无障碍通道",
     {"建议在政务大厅设置老年人帮办窗口和无障碍通道。", "政务大厅没有轮椅坡道，老人进出不方便。",
      "大厅里的自助机字太小，老年人看不清。"},
     "设立老年人帮办窗口，改造无障碍通道，自助终端开通大字版",
     NULL},
    {"dept-zwfw",
     C_OPEN,
     EFF,
     "办事指南未写明办理时限",
     {"办事指南没有写明办理时限，电话咨询无人接听。", "网上办事指南和窗口的说法不一样。"},
     "全面梳理办事指南，补充承诺时限和咨询电话并定期更新",
     NULL},
    {"dept-zwfw",
     C_SPEED,
     EFF,
     "综合窗口收件后流转慢、进度不透明",
     {"综合窗口收件后转到部门审批，进度一直查不到。", "一窗受理以后要等很久才有结果。"},
     "建立综合窗口收件流转时限和进度查询，超时自动提醒",
     NULL},
    {"*street",
     C_SPEED,
     EFF,
     "{u}便民服务中心周末不开放",
     {"{u}便民服务中心周末不开放，上班族办事不便。",
      "{u}便民服务中心只在工作日开放，建议周六上午也能办事。",
      "下班后去{u}便民服务中心已经关门了。"},
     "实行周六上午预约服务和工作日延时服务",
     NULL},
    {"*street",
     C_ATTITUDE,
     CON,
     "{u}开具证明相互推诿",
     {"到社区开证明，让去{u}，{u}又让回社区。", "在{u}开居住证明来回跑了几趟。"},
     "落实首问负责制，梳理公布证明事项清单",
     NULL},
    {"*street",
     C_PLACE,
     EFF,
     "{u}背街小巷环境卫生差",
     {"{u}背街小巷垃圾堆放，清扫不及时。", "{u}辖区小巷路面破损积水，没人管。"},
     "将背街小巷纳入日常保洁范围，实行网格化管理",
     "dept-cgw"},
    {"*street",
     C_OPEN,
     CON,
     "{u}社区公示栏信息更新不及时",
     {"{u}社区公示栏里还是去年的通知。", "{u}补贴发放名单没有公示。"},
     "规范公示栏管理，按月更新公开事项并接受居民监督",
     NULL},
    {"*street",
     C_POLICY,
     EFF,
     "{u}高龄津贴政策宣传不到位",
     {"高龄津贴怎么申请，{u}说不清楚。", "老人补贴政策在{u}问了几次都没弄明白。"},
     "开展入户政策宣传，为高龄老人提供上门代办服务",
     "dept-mzj"},
    {"*street",
     C_PLACE,
     EFF,
     "{u}小区路灯损坏无人维修",
     {"{u}辖区小区路灯坏了两周，报给社区一直没人修。", "{u}老旧小区楼道灯不亮，晚上上下楼不安全。"},
     "会同有关部门排查辖区路灯，建立报修台账和限时修复机制",
     "dept-cgw"},
    {"*street",
     C_SPEED,
     EFF,
     "{u}老旧小区改造协调不力",
     {"{u}老旧小区改造施工扰民，居民意见没人回应。", "{u}小区改造方案没有征求居民意见。"},
     "召开居民议事会，公示改造方案和施工计划，设立居民意见收集点",
     "dept-zjw"},
    {"*dept",
     C_ATTITUDE,
     CON,
     "{w}窗口工作人员服务态度生硬",
     {"{w}窗口工作人员说话生硬，解释不耐心。", "在{w}窗口咨询问题，工作人员态度冷淡。",
      "{w}窗口个别人员边办业务边看手机。"},
     "开展作风纪律和服务礼仪专项教育，落实服务评价和回访",
     NULL},
    {"*dept",
     C_SPEED,
     EFF,
     "{w}窗口午休时段无人值守",
     {"{w}窗口午休时间无人值守，没有公示。", "中午去{w}窗口办事，窗口关着，也没有告示。"},
     "实行午间轮岗值守，公示服务时间",
     NULL},
    {"*dept",
     C_OPEN,
     EFF,
     "{w}办事指南与窗口要求不一致",
     {"{w}的办事指南没有写明办理时限。", "{w}的网上指南和窗口要求不一致，白跑一趟。"},
     "逐项核对办事指南，统一线上线下要求并公示承诺时限",
     NULL},
    {"*fee",
     C_FEES,
     CON,
     "{w}收费项目和标准公示不清",
     {"{w}收费没有出具明细。", "{w}窗口收费项目和标准没有公示。"},
     "在窗口和网站公示收费项目、标准和依据，逐笔出具票据",
     NULL},
};
#define NTOPICS COUNT(topics)

/* Opinions that are not about work style, or not new: stations reject them. */
static const struct {
	const char *unit, *text, *reason;
	int online;
} rejects[] = {
    {"str-ny", "楼上邻居装修噪音大，晚上十点以后还在施工。",
     "属于邻里纠纷，不属于作风评议范围，已告知向社区人民调解委员会反映。", 0},
    {"dept-wjw", "外区一家医院挂号难，希望帮忙协调。",
     "反映对象不在本区，已告知向所在区有关部门反映。", 1},
    {"dept-rsj", "感谢社保窗口工作人员耐心解答，服务很好！",
     "属于表扬意见，已转交被评议单位，不作为问题汇总。", 0},
    {"dept-cgw", "路灯坏了。", "内容过于简略，无法核实具体位置，回访电话无人接听。", 0},
    {"dept-scjg", "某商场打折商品质量不好，要求退货。",
     "属于消费纠纷，已引导通过12315渠道依法处理。", 1},
    {"town-qs", "集市摊位费太贵。",
     "经核实，集市为企业自主经营，摊位费为市场价格，不属于作风评议范围，已向反映人说明。", 0},
    {"dept-jw", "希望孩子能转到其他学校就读。",
     "属于个人诉求，不涉及单位作风问题，已告知按入学政策办理。", 0},
    {"str-bg", "便民服务中心周末不开门。", "与已受理的同类意见重复，且未提供新的情况。", 0},
};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"};
static const char *const given[] = {"建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文博", "晓梅",
                                    "德明", "春兰", "立新", "桂芳", "永刚", "玉兰", "明辉", "淑珍"};
static const char *const suffixes[] = {"希望尽快改进。", "建议加强管理。", "请有关部门重视。",
                                       "已经不是第一次了。", "希望能有个答复。"};
static const char *const evidences[] = {"整改前后现场照片、工作台账", "会议纪要及整改方案",
                                        "制度文件及培训签到表", "设备采购验收单及现场照片",
                                        "公示材料截图及回访记录"};

/* ---- public holidays and make-up working days (调休) ---- */

/* As published by the State Council; kind 0 a weekday off, 1 a weekend working day. */
static const struct {
	short y;
	signed char m, d, kind;
} published[] = {
    {2023, 1, 2, 0},  {2023, 1, 23, 0},  {2023, 1, 24, 0}, {2023, 1, 25, 0}, {2023, 1, 26, 0},
    {2023, 1, 27, 0}, {2023, 1, 28, 1},  {2023, 1, 29, 1}, {2023, 4, 5, 0},  {2023, 4, 23, 1},
    {2023, 5, 1, 0},  {2023, 5, 2, 0},   {2023, 5, 3, 0},  {2023, 5, 6, 1},  {2023, 6, 22, 0},
    {2023, 6, 23, 0}, {2023, 6, 25, 1},  {2023, 9, 29, 0}, {2023, 10, 2, 0}, {2023, 10, 3, 0},
    {2023, 10, 4, 0}, {2023, 10, 5, 0},  {2023, 10, 6, 0}, {2023, 10, 7, 1}, {2023, 10, 8, 1},
    {2024, 1, 1, 0},  {2024, 2, 4, 1},   {2024, 2, 12, 0}, {2024, 2, 13, 0}, {2024, 2, 14, 0},
    {2024, 2, 15, 0}, {2024, 2, 16, 0},  {2024, 2, 18, 1}, {2024, 4, 4, 0},  {2024, 4, 5, 0},
    {2024, 4, 7, 1},  {2024, 4, 28, 1},  {2024, 5, 1, 0},  {2024, 5, 2, 0},  {2024, 5, 3, 0},
    {2024, 5, 11, 1}, {2024, 6, 10, 0},  {2024, 9, 14, 1}, {2024, 9, 16, 0}, {2024, 9, 17, 0},
    {2024, 9, 29, 1}, {2024, 10, 1, 0},  {2024, 10, 2, 0}, {2024, 10, 3, 0}, {2024, 10, 4, 0},
    {2024, 10, 7, 0}, {2024, 10, 12, 1}, {2025, 1, 1, 0},  {2025, 1, 26, 1}, {2025, 1, 28, 0},
    {2025, 1, 29, 0}, {2025, 1, 30, 0},  {2025, 1, 31, 0}, {2025, 2, 3, 0},  {2025, 2, 4, 0},
    {2025, 2, 8, 1},  {2025, 4, 4, 0},   {2025, 4, 27, 1}, {2025, 5, 1, 0},  {2025, 5, 2, 0},
    {2025, 5, 5, 0},  {2025, 6, 2, 0},   {2025, 9, 28, 1}, {2025, 10, 1, 0}, {2025, 10, 2, 0},
    {2025, 10, 3, 0}, {2025, 10, 6, 0},  {2025, 10, 7, 0}, {2025, 10, 8, 0}, {2025, 10, 11, 1},
    {2026, 1, 1, 0},  {2026, 1, 2, 0},   {2026, 1, 4, 1},  {2026, 2, 14, 1}, {2026, 2, 16, 0},
    {2026, 2, 17, 0}, {2026, 2, 18, 0},  {2026, 2, 19, 0}, {2026, 2, 20, 0}, {2026, 2, 23, 0},
    {2026, 2, 28, 1}, {2026, 4, 6, 0},   {2026, 5, 1, 0},  {2026, 5, 4, 0},  {2026, 5, 5, 0},
    {2026, 5, 9, 1},  {2026, 6, 19, 0},  {2026, 9, 20, 1}, {2026, 9, 25, 0}, {2026, 10, 1, 0},
    {2026, 10, 2, 0}, {2026, 10, 5, 0},  {2026, 10, 6, 0}, {2026, 10, 7, 0}, {2026, 10, 10, 1},
};

/*
 * Lunar festivals of later years, for a provisional calendar until the State Council
 * publishes the year's arrangement: Spring Festival (day 1), Qingming, Dragon Boat and
 * Mid-Autumn.
 */
static const struct {
	short y;
	signed char cny_m, cny_d, qm_d, db_m, db_d, mid_m, mid_d;
} lunar[] = {
    {2027, 2, 6, 5, 6, 9, 9, 15},
    {2028, 1, 26, 4, 5, 28, 10, 3},
    {2029, 2, 13, 4, 6, 16, 9, 22},
    {2030, 2, 3, 5, 6, 5, 9, 12},
};

/* ---- the plan ---- */

struct rng {
	uint64_t s;
};

/* splitmix64: small, fast and the same everywhere */
static uint64_t rng_u64(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rnd(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_u64(r) % (uint64_t)n);
}

static int chance(struct rng *r, int pct)
{
	return rnd(r, 100) < pct;
}

static double uni(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * (double)(rng_u64(r) >> 11) / 9007199254740992.0;
}

static int pick(struct rng *r, const int *weights, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	int x = rnd(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* How a problem's story goes, by the state it ends in today. */
enum story {
	SY_OPEN,
	SY_DISPATCHED_NEW,
	SY_REDISPATCHED_NEW,
	SY_DISPATCHED_LATE,
	SY_ACK_NEW,
	SY_ACK_LATE,
	SY_ANSWERED_NEW,
	SY_ANSWERED_LATE,
	SY_RECTIFYING_LATE,
	SY_RECTIFYING_EXT,
	SY_RECTIFYING_EXT_PENDING,
	SY_RECTIFYING_FAILED,
	SY_RECTIFYING_REOPENED,
	SY_RECTIFIED,
	SY_VERIFIED,
	SY_CLOSED,
	SY_CLOSED_EXT,
	SY_CLOSED_FAILED,
	SY_CLOSED_REDISPATCH,
	SY_CLOSED_REOPENED,
	SY_CLOSED_FLAGGED,
	SY_RETURNED,
	SY__N
};

static const int story_count[SY__N] = {
    [SY_OPEN] = 8,
    [SY_DISPATCHED_NEW] = 5,
    [SY_REDISPATCHED_NEW] = 1,
    [SY_DISPATCHED_LATE] = 4,
    [SY_ACK_NEW] = 4,
    [SY_ACK_LATE] = 3,
    [SY_ANSWERED_NEW] = 4,
    [SY_ANSWERED_LATE] = 3,
    [SY_RECTIFYING_LATE] = 6,
    [SY_RECTIFYING_EXT] = 2,
    [SY_RECTIFYING_EXT_PENDING] = 1,
    [SY_RECTIFYING_FAILED] = 1,
    [SY_RECTIFYING_REOPENED] = 2,
    [SY_RECTIFIED] = 7,
    [SY_VERIFIED] = 12,
    [SY_CLOSED] = 21,
    [SY_CLOSED_EXT] = 3,
    [SY_CLOSED_FAILED] = 1,
    [SY_CLOSED_REDISPATCH] = 2,
    [SY_CLOSED_REOPENED] = 2,
    [SY_CLOSED_FLAGGED] = 1,
    [SY_RETURNED] = 4,
};

/*
 * When a story's opinions come in: so many days before today (> 0), during the survey
 * (0), or some time between the survey and the last weeks (-1).
 */
static int story_anchor(enum story s, int k)
{
	switch (s) {
	case SY_OPEN:
		return 10;
	case SY_DISPATCHED_NEW:
		return 12;
	case SY_ACK_NEW:
		return 14;
	case SY_ANSWERED_NEW:
		return 20;
	case SY_REDISPATCHED_NEW:
		return 24;
	case SY_RETURNED:
		return 16;
	case SY_RECTIFYING_EXT_PENDING:
		return 26;
	case SY_RECTIFIED:
		return 50;
	case SY_RECTIFYING_EXT:
		return 72;
	case SY_VERIFIED:
		return k % 2 ? 66 : k % 4 == 2 ? -1 : 0;
	case SY_CLOSED:
		return k % 3 == 2 ? -1 : 0;
	case SY_CLOSED_EXT:
	case SY_RECTIFYING_LATE:
	case SY_ANSWERED_LATE:
		return k == 1 ? -1 : 0;
	default:
		return 0;
	}
}

static int story_needs_alt(enum story s)
{
	return s == SY_REDISPATCHED_NEW || s == SY_CLOSED_REDISPATCH || s == SY_RETURNED;
}

struct popinion {
	int unit, point, topic, prob; /* indices; point -1: given online; prob -1: none */
	enum wb_dimension dim;
	enum wb_source src;
	enum wb_channel ch;
	const char *content, *name, *phone;
	int64_t received, entered;
	int late;   /* merged into its problem after the problem was made */
	int reject; /* 1 + index into rejects, or 0 */
	int64_t id;
};

enum { MAX_GROUP = 6 };

struct pproblem {
	int topic, unit, alt, station; /* unit indices; alt -1: none */
	enum story story;
	int k; /* its number within the story */
	enum wb_severity sev;
	const char *title, *summary;
	int ops[MAX_GROUP], nops;
	int by_office; /* summarized by the office rather than the station */
	int flag;      /* flagged (挂牌) on the way */
	int64_t id;
	int cur; /* the unit it is dispatched to, while playing */
};

enum step_kind { SK_OPINION, SK_REJECT, SK_CREATE, SK_MERGE, SK_ACT, SK_RATE_PUBLIC };
enum actor { AC_ADMIN, AC_STATION, AC_UNIT, AC_POINT };

struct step {
	int64_t t;
	int seq;
	enum step_kind kind;
	int prob, op;
	enum wb_action act;
	enum actor who;
	int to_unit; /* dispatch to this unit index; -1: the target */
	int days;    /* extension: the new deadline, days from today; flag: its deadline */
	struct svc_stage in;
};

struct demo {
	struct store *st;
	struct svc_ctx c;
	struct arena keep, scratch;
	struct rng r;
	int64_t now;    /* today's clock */
	int64_t limit;  /* the latest a step of staff may happen: in office hours */
	int64_t plimit; /* the latest the public may act */
	wb_date today, survey;
	int year;
	int64_t campaign_id;
	wb_date hol[96], work[48];
	struct wb_calendar cal;
	int64_t unit_id[NUNITS];
	int unit_user[NUNITS]; /* index of the unit's demo user, or -1 */
	int user_unit[NUSERS];
	int64_t user_id[NUSERS];
	struct popinion *ops;
	int nops, capops;
	struct pproblem *probs;
	int nprobs, capprobs;
	struct step *steps;
	int nsteps, capsteps;
	int nevals, npublic_evals;
	FILE *logins;
};

static int unit_ix(const char *code)
{
	for (int i = 0; i < NUNITS; i++)
		if (strcmp(units[i].code, code) == 0)
			return i;
	fprintf(stderr, "wubiao demo: no unit %s in the demo tables\n", code);
	abort();
}

static int user_of_role(enum wb_role role, int unit)
{
	for (int i = 0; i < NUSERS; i++)
		if (users[i].role == role && (unit < 0 || unit_ix(users[i].unit) == unit))
			return i;
	return -1;
}

/* The station that follows a responsible unit, or a point's station. */
static int station_of(int unit)
{
	const char *code = units[unit].kind == UK_POINT ? units[unit].parent : units[unit].station;
	return unit_ix(code);
}

/* ---- time ---- */

static int64_t at_local(const struct demo *d, wb_date day, int sec)
{
	return (int64_t)day * DAY + sec - (int64_t)d->c.cfg.tz_min * 60;
}

static wb_date local_day(const struct demo *d, int64_t t)
{
	return wb_date_of_time(t, d->c.cfg.tz_min);
}

/* The first moment at or after @p t in office hours of a working day, with some jitter. */
static int64_t office(struct demo *d, int64_t t)
{
	wb_date day = local_day(d, t);
	int64_t sec = t - at_local(d, day, 0);
	if (sec < 9 * 3600) {
		sec = 9 * 3600 + rnd(&d->r, 3600);
	} else if (sec > 17 * 3600 + 1800) {
		day++;
		sec = 9 * 3600 + rnd(&d->r, 5400);
	}
	if (!wb_is_workday(&d->cal, day)) {
		while (!wb_is_workday(&d->cal, day))
			day++;
		sec = 9 * 3600 + rnd(&d->r, 5400);
	}
	return at_local(d, day, (int)sec);
}

static int64_t cap(const struct demo *d, int64_t t)
{
	return t > d->limit ? d->limit : t;
}

/* The last moment of office hours before now: staff do not work on the weekend. */
static int64_t last_office_moment(const struct demo *d, int64_t t)
{
	wb_date day = local_day(d, t);
	int64_t sec = t - at_local(d, day, 0);
	if (wb_is_workday(&d->cal, day) && sec >= 9 * 3600)
		return sec > 17 * 3600 + 1800 ? at_local(d, day, 17 * 3600 + 1800) : t;
	do
		day--;
	while (!wb_is_workday(&d->cal, day));
	return at_local(d, day, 17 * 3600 + 1800);
}

/* ---- text ---- */

/* @p fmt with {u} replaced by the unit's name and {w} by its window's. */
static const char *subst(struct demo *d, const char *fmt, int unit)
{
	char buf[1024];
	size_t n = 0;
	const char *w = units[unit].window ? units[unit].window : units[unit].name;
	for (const char *p = fmt; *p && n < sizeof buf - 1;) {
		const char *put = NULL;
		if (strncmp(p, "{u}", 3) == 0)
			put = units[unit].name;
		else if (strncmp(p, "{w}", 3) == 0)
			put = w;
		if (put) {
			size_t k = strlen(put);
			if (n + k >= sizeof buf)
				break;
			memcpy(buf + n, put, k);
			n += k;
			p += 3;
		} else {
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	return arena_strdup(&d->keep, buf);
}

static int ntexts(const struct topic *tp)
{
	int n = 0;
	while (n < 4 && tp->texts[n])
		n++;
	return n;
}

static const char *full_name(struct demo *d)
{
	return arena_printf(&d->keep, "%s%s", surnames[rnd(&d->r, COUNT(surnames))],
	                    given[rnd(&d->r, COUNT(given))]);
}

/* Who gave the opinion, as they wished to be named; NULL: anonymous. */
static const char *giver_name(struct demo *d, enum wb_source src)
{
	struct rng *r = &d->r;
	const char *sur = surnames[rnd(r, COUNT(surnames))];
	switch (src) {
	case SRC_PUBLIC:
		return chance(r, 45)
		           ? arena_printf(&d->keep, "%s%s", sur, chance(r, 50) ? "先生" : "女士")
		           : NULL;
	case SRC_PARTY_DELEGATE:
		return arena_printf(&d->keep, "%s（党代表）", full_name(d));
	case SRC_NPC_DEPUTY:
		return arena_printf(&d->keep, "%s（区人大代表）", full_name(d));
	case SRC_CPPCC_MEMBER:
		return arena_printf(&d->keep, "%s（区政协委员）", full_name(d));
	case SRC_DEMOCRATIC_PARTY:
		return arena_printf(&d->keep, "%s（民主党派代表）", full_name(d));
	case SRC_RETIRED_CADRE:
		return chance(r, 70) ? arena_printf(&d->keep, "%s（退休干部）", full_name(d))
		                     : NULL;
	case SRC_ENTERPRISE:
		return chance(r, 70) ? arena_printf(&d->keep, "%s经理（企业代表）", sur) : NULL;
	case SRC_SUPERVISOR:
		return arena_printf(&d->keep, "%s（特邀监督员）", full_name(d));
	default:
		return chance(r, 20) ? arena_printf(&d->keep, "%s先生", sur) : NULL;
	}
}

static const char *phone(struct demo *d)
{
	static const char *const pre[] = {"138", "139", "137", "135", "186", "158"};
	return arena_printf(&d->keep, "%s0000%04d", pre[rnd(&d->r, COUNT(pre))], rnd(&d->r, 10000));
}

/* ---- planning opinions ---- */

static struct popinion *new_opinion(struct demo *d)
{
	if (d->nops == d->capops) {
		d->capops = d->capops ? 2 * d->capops : 256;
		d->ops = xreallocarray(d->ops, (size_t)d->capops, sizeof *d->ops);
	}
	struct popinion *o = &d->ops[d->nops++];
	memset(o, 0, sizeof *o);
	o->prob = -1;
	return o;
}

static struct step *new_step(struct demo *d, int64_t t, enum step_kind kind)
{
	if (d->nsteps == d->capsteps) {
		d->capsteps = d->capsteps ? 2 * d->capsteps : 1024;
		d->steps = xreallocarray(d->steps, (size_t)d->capsteps, sizeof *d->steps);
	}
	struct step *s = &d->steps[d->nsteps];
	memset(s, 0, sizeof *s);
	s->t = t > d->plimit ? d->plimit : t;
	s->seq = d->nsteps++;
	s->kind = kind;
	s->prob = s->op = s->to_unit = -1;
	return s;
}

/* Source, channel, giver and wording of an opinion about @p unit on @p topic. */
static void describe_opinion(struct demo *d, struct popinion *o, int online, int variant)
{
	struct rng *r = &d->r;
	static const int src_w[SRC__N] = {40, 6, 8, 7, 4, 8, 10, 10, 7};
	const struct topic *tp = &topics[o->topic];
	o->dim = tp->dim;
	if (online) {
		o->src = SRC_PUBLIC;
		o->ch = CH_ONLINE;
		o->point = -1;
	} else {
		o->src = pick(r, src_w, SRC__N);
		switch (o->src) {
		case SRC_PARTY_DELEGATE:
		case SRC_NPC_DEPUTY:
		case SRC_CPPCC_MEMBER:
		case SRC_DEMOCRATIC_PARTY:
			o->ch = chance(r, 65) ? CH_FORUM : CH_INTERVIEW;
			break;
		case SRC_RETIRED_CADRE:
		case SRC_ENTERPRISE: {
			static const int w[] = {35, 35, 30};
			static const enum wb_channel c[] = {CH_FORUM, CH_INTERVIEW,
			                                    CH_QUESTIONNAIRE};
			o->ch = c[pick(r, w, 3)];
			break;
		}
		case SRC_SUPERVISOR:
			o->ch = chance(r, 60) ? CH_FORM : CH_INTERVIEW;
			break;
		case SRC_PUBLIC: {
			static const int w[] = {35, 35, 30};
			static const enum wb_channel c[] = {CH_QUESTIONNAIRE, CH_FORM, CH_HOTLINE};
			o->ch = c[pick(r, w, 3)];
			break;
		}
		default:
			o->ch = chance(r, 50) ? CH_FORM : CH_HOTLINE;
			break;
		}
		const char *home = units[o->unit].home;
		o->point = home && chance(r, 75) ? unit_ix(home) : unit_ix("pt-01") + rnd(r, 16);
	}
	const char *text = subst(d, tp->texts[variant % ntexts(tp)], o->unit);
	const char *pre = "";
	if (o->ch == CH_FORUM && chance(r, 40))
		pre = "座谈会上提出：";
	else if (o->ch == CH_HOTLINE && chance(r, 40))
		pre = "来电反映：";
	else if (o->src == SRC_SUPERVISOR && chance(r, 50))
		pre = "明察暗访发现：";
	else if (o->src == SRC_ENTERPRISE && chance(r, 30))
		pre = "企业办事人员反映：";
	const char *post = chance(r, 40) ? suffixes[rnd(r, COUNT(suffixes))] : "";
	o->content = arena_printf(&d->keep, "%s%s%s", pre, text, post);
	o->name = giver_name(d, o->src);
	o->phone = (o->name && chance(r, 55)) || (online && chance(r, 20)) ? phone(d) : NULL;
}

/* When the opinion came in, and when it was entered: points enter in office hours. */
static void time_opinion(struct demo *d, struct popinion *o, int64_t received)
{
	if (o->point < 0) {
		o->received = o->entered = received > d->plimit ? d->plimit : received;
		return;
	}
	o->received = cap(d, office(d, received));
	o->entered = cap(d, office(d, o->received + (int64_t)(uni(&d->r, 0.02, 1.2) * DAY)));
}

static void push_opinion(struct demo *d, int oi)
{
	struct step *s = new_step(d, d->ops[oi].entered, SK_OPINION);
	s->op = oi;
}

/* ---- planning problems ---- */

struct build {
	struct demo *d;
	int prob;
	int64_t t, last; /* time of the latest step, capped and not */
	double scale;
};

static void b_wait(struct build *b, double lo, double hi)
{
	int64_t raw = office(b->d, b->t + (int64_t)(uni(&b->d->r, lo, hi) * b->scale * DAY));
	if (raw > b->last)
		b->last = raw;
	b->t = cap(b->d, raw);
}

static struct step *b_act(struct build *b, double lo, double hi, enum wb_action act, enum actor who)
{
	b_wait(b, lo, hi);
	struct step *s = new_step(b->d, b->t, SK_ACT);
	s->prob = b->prob;
	s->act = act;
	s->who = who;
	return s;
}

static struct pproblem *bp(struct build *b)
{
	return &b->d->probs[b->prob];
}

enum due { DUE_DEFAULT, DUE_SHORT, DUE_SAFE };

static void s_dispatch(struct build *b, enum due due)
{
	struct demo *d = b->d;
	struct step *s = b_act(b, 0.5, 3, ACT_DISPATCH, chance(&d->r, 60) ? AC_ADMIN : AC_STATION);
	int days = (int)((d->now - s->t) / DAY);
	if (due == DUE_SHORT) {
		s->in.has_due_workdays = 1;
		s->in.due_workdays = days / 3 < 1 ? 1 : days / 3 > 8 ? 8 : days / 3;
	} else if (due == DUE_SAFE) {
		int wd = days + 5;
		if (wd < d->c.cfg.due_workdays[bp(b)->sev])
			wd = d->c.cfg.due_workdays[bp(b)->sev];
		s->in.has_due_workdays = 1;
		s->in.due_workdays =
		    wd > d->c.cfg.max_due_workdays ? d->c.cfg.max_due_workdays : wd;
	}
}

static void s_ack(struct build *b)
{
	b_act(b, 0.3, 2, ACT_ACKNOWLEDGE, AC_UNIT);
}

static void s_feedback(struct build *b)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	const struct topic *tp = &topics[p->topic];
	struct step *s = b_act(b, 2, 6, ACT_FEEDBACK, AC_UNIT);
	static const char *const opening[] = {"经核查，群众反映的“%s”问题基本属实。",
	                                      "收到转办意见后，我单位立即组织核查，“%s”问题属实。",
	                                      "经调查，“%s”问题确实存在，我们诚恳接受群众监督。"};
	const char *head = arena_printf(&d->keep, opening[rnd(&d->r, COUNT(opening))], p->title);
	s->in.reply =
	    arena_printf(&d->keep, "%s我单位已召开专题会议研究整改，由分管负责同志牵头，%s。", head,
	                 tp->measure);
	s->in.plan = arena_printf(&d->keep,
	                          "一、%s；二、加强一线人员教育管理和业务培训；"
	                          "三、建立整改台账，定期自查，接受群众和监测站监督。",
	                          tp->measure);
}

static void s_progress(struct build *b, int percent)
{
	struct demo *d = b->d;
	const struct topic *tp = &topics[bp(b)->topic];
	struct step *s = b_act(b, 4, 12, ACT_PROGRESS, AC_UNIT);
	s->in.has_percent = 1;
	s->in.percent = percent;
	s->in.measures = arena_printf(
	    &d->keep, "正在落实：%s。已完成整改方案制定和部分措施，其余按计划推进。", tp->measure);
	s->in.evidence = evidences[rnd(&d->r, COUNT(evidences))];
}

static void s_done(struct build *b)
{
	struct demo *d = b->d;
	const struct topic *tp = &topics[bp(b)->topic];
	struct step *s = b_act(b, 5, 16, ACT_PROGRESS, AC_UNIT);
	s->in.has_percent = s->in.has_done = 1;
	s->in.percent = 100;
	s->in.done = 1;
	s->in.measures = arena_printf(
	    &d->keep, "整改已完成：%s。相关制度已建立并公示，将持续巩固整改成果。", tp->measure);
	s->in.evidence = evidences[rnd(&d->r, COUNT(evidences))];
}

static void s_verify(struct build *b, int passed)
{
	struct demo *d = b->d;
	static const char *const ok[] = {"监测站现场核查，整改措施已落实到位。",
	                                 "经实地回访，问题已解决。",
	                                 "抽查整改台账和现场情况，符合整改要求。"};
	struct step *s = b_act(b, 2, 7, ACT_VERIFY, chance(&d->r, 70) ? AC_STATION : AC_ADMIN);
	s->in.has_passed = 1;
	s->in.passed = passed;
	s->in.note = passed ? ok[rnd(&d->r, COUNT(ok))]
	                    : "现场核查发现整改不彻底，部分措施尚未落实，退回继续整改。";
}

enum rate { RATE_CLOSABLE, RATE_BAD, RATE_UNAWARE, RATE_SOME };

static enum wb_rating draw_rating(struct rng *r)
{
	static const int w[RATING__N] = {66, 18, 7, 9};
	return pick(r, w, RATING__N);
}

/* One rating of the current round, by staff or by a giver through the receipt. */
static void s_rate(struct build *b, enum wb_rating rating, int *used)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	/* a giver who has not rated this round, and whose opinion was merged at once */
	int cand[MAX_GROUP], n = 0;
	for (int i = 0; i < p->nops; i++)
		if (!used[i] && !d->ops[p->ops[i]].late)
			cand[n++] = i;
	if (n && chance(&d->r, 45)) {
		static const char *const notes[RATING__N] = {
		    "问题解决了，服务明显改进。", "有改进，但还可以更好。",
		    "变化不大，希望继续整改。", "不太了解整改情况。"};
		int i = cand[rnd(&d->r, n)];
		used[i] = 1;
		b_wait(b, 1, 6);
		struct step *s = new_step(d, b->t, SK_RATE_PUBLIC);
		s->prob = b->prob;
		s->op = p->ops[i];
		s->in.has_rating = 1;
		s->in.rating = rating;
		s->in.note = chance(&d->r, 60) ? notes[rating] : NULL;
		return;
	}
	static const enum actor who[] = {AC_STATION, AC_POINT, AC_ADMIN, AC_ADMIN};
	static const char *const notes[] = {"监测站回访意见提供人", "监测点上门回访",
	                                    "特邀监督员评议表（书面）", "纠风办电话回访"};
	int k = rnd(&d->r, 4);
	struct step *s = b_act(b, 1, 6, ACT_EVALUATE, who[k]);
	s->in.has_rating = 1;
	s->in.rating = rating;
	s->in.note = notes[k];
}

static void s_ratings(struct build *b, enum rate mode)
{
	struct rng *r = &b->d->r;
	int used[MAX_GROUP] = {0};
	int valid = 0, unsat = 0;
	switch (mode) {
	case RATE_BAD:
		s_rate(b, RATING_UNSATISFIED, used);
		s_rate(b, RATING_UNSATISFIED, used);
		s_rate(b, RATING_BASIC, used);
		return;
	case RATE_UNAWARE:
		s_rate(b, RATING_UNAWARE, used);
		return;
	case RATE_SOME:
	case RATE_CLOSABLE:
		for (int i = 1 + rnd(r, 3); i > 0; i--) {
			enum wb_rating x = draw_rating(r);
			valid += x != RATING_UNAWARE;
			unsat += x == RATING_UNSATISFIED;
			s_rate(b, x, used);
		}
		/* Enough satisfied ratings that unsatisfied ones are not more than half. */
		while (mode == RATE_CLOSABLE && (valid == 0 || 2 * unsat > valid)) {
			s_rate(b, RATING_SATISFIED, used);
			valid++;
		}
		return;
	}
}

static void s_close(struct build *b)
{
	b_act(b, 2, 6, ACT_CLOSE, AC_ADMIN);
}

static void s_reopen(struct build *b, double lo, double hi, const char *reason)
{
	struct step *s = b_act(b, lo, hi, ACT_REOPEN, chance(&b->d->r, 60) ? AC_STATION : AC_ADMIN);
	s->in.reason = reason;
}

static void s_return(struct build *b)
{
	struct demo *d = b->d;
	struct step *s = b_act(b, 0.5, 3, ACT_RETURN, AC_UNIT);
	s->in.reason =
	    arena_printf(&d->keep, "经核实，该事项属于%s的职责范围，不属于我单位，建议转其办理。",
	                 units[bp(b)->alt].name);
}

static void s_redispatch(struct build *b)
{
	struct step *s = b_act(b, 1, 4, ACT_DISPATCH, AC_ADMIN);
	s->to_unit = bp(b)->alt;
}

static void s_extension(struct build *b, int days)
{
	static const char *const why[] = {"整改涉及设备采购和招投标程序，需延长整改期限。",
	                                  "整改涉及多个部门协调和工程施工，原定期限内难以完成。",
	                                  "整改需要调整办公场地布局，申请延期完成。"};
	struct step *s = b_act(b, 2, 6, ACT_EXTENSION, AC_UNIT);
	s->days = days;
	s->in.reason = why[rnd(&b->d->r, COUNT(why))];
}

static void s_decide(struct build *b, int approved)
{
	struct step *s = b_act(b, 1, 3, ACT_EXTENSION_DECISION, AC_ADMIN);
	s->in.has_approved = 1;
	s->in.approved = approved;
	s->in.note = approved ? "同意延期，请按新期限完成整改并按时报送进度。"
	                      : "延期理由不充分，不予延期，请按原期限完成整改。";
}

static void s_flag(struct build *b, double lo, double hi)
{
	struct step *s = b_act(b, lo, hi, ACT_FLAG, AC_ADMIN);
	s->in.has_flagged = 1;
	s->in.flagged = 1;
	s->days = 30 + rnd(&b->d->r, 60);
}

/* Days from the step being planned until today, plus a margin: a deadline after today. */
static int days_past_today(struct build *b, int margin)
{
	return (int)((b->d->now - b->t) / DAY) + margin + rnd(&b->d->r, 10);
}

static void s_to_rectified(struct build *b, enum due due)
{
	s_dispatch(b, due);
	s_ack(b);
	s_feedback(b);
	if (chance(&b->d->r, 60))
		s_progress(b, 20 + 10 * rnd(&b->d->r, 6));
	s_done(b);
}

static void story_steps(struct build *b)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	static const char unsatisfied[] = "回访群众多数不满意，整改效果未达到要求，责令重办。";
	static const char recurred[] = "群众再次反映同类问题，整改成果未巩固，重新启动整改。";
	switch (p->story) {
	case SY_OPEN:
		break;
	case SY_DISPATCHED_NEW:
		s_dispatch(b, DUE_SAFE);
		break;
	case SY_REDISPATCHED_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_return(b);
		s_redispatch(b);
		break;
	case SY_DISPATCHED_LATE:
		s_dispatch(b, DUE_SHORT);
		break;
	case SY_ACK_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		break;
	case SY_ACK_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		break;
	case SY_ANSWERED_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_feedback(b);
		break;
	case SY_ANSWERED_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		break;
	case SY_RECTIFYING_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 20 + 10 * rnd(&d->r, 4));
		if (chance(&d->r, 50))
			s_progress(b, 60 + 10 * rnd(&d->r, 2));
		break;
	case SY_RECTIFYING_EXT:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 30);
		s_extension(b, 0);
		d->steps[d->nsteps - 1].days = days_past_today(b, 20);
		s_decide(b, 1);
		s_progress(b, 60);
		break;
	case SY_RECTIFYING_EXT_PENDING:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 30);
		s_extension(b, 0);
		d->steps[d->nsteps - 1].days = days_past_today(b, 30);
		break;
	case SY_RECTIFYING_FAILED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 0);
		if (chance(&d->r, 50))
			s_progress(b, 80);
		break;
	case SY_RECTIFYING_REOPENED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		s_reopen(b, 15, 40, recurred);
		if (chance(&d->r, 50))
			s_progress(b, 30);
		break;
	case SY_RECTIFIED:
		s_to_rectified(b, DUE_DEFAULT);
		break;
	case SY_VERIFIED: {
		static const enum rate modes[] = {RATE_SOME, RATE_SOME,    RATE_SOME,
		                                  RATE_SOME, RATE_SOME,    RATE_SOME,
		                                  RATE_SOME, RATE_UNAWARE, RATE_BAD};
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		if (p->k < COUNT(modes))
			s_ratings(b, modes[p->k]);
		break;
	}
	case SY_CLOSED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_EXT:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 40);
		s_extension(b, 20 + rnd(&d->r, 20));
		s_decide(b, p->k != 2);
		s_progress(b, 70);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_FAILED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 0);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_REDISPATCH:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_return(b);
		s_redispatch(b);
		s_ack(b);
		s_feedback(b);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_REOPENED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_BAD);
		s_reopen(b, 2, 5, unsatisfied);
		s_progress(b, 60);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_FLAGGED:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		s_flag(b, 15, 25);
		s_progress(b, 50);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_RETURNED:
		s_dispatch(b, DUE_SAFE);
		if (chance(&d->r, 50))
			s_ack(b);
		s_return(b);
		break;
	default:
		break;
	}
	if (p->flag && p->story != SY_CLOSED_FLAGGED)
		s_flag(b, 10, 25);
}

/*
 * The problem's script from its creation at @p tc. When the natural pace would run past
 * today, the waits are shortened and the script planned again.
 */
static void plan_script(struct demo *d, int pi, int64_t tc)
{
	int mark = d->nsteps;
	double scale = 1.0;
	for (int attempt = 0;; attempt++) {
		struct build b = {d, pi, tc, tc, scale};
		struct step *s = new_step(d, tc, SK_CREATE);
		s->prob = pi;
		story_steps(&b);
		if (b.last <= d->limit || attempt == 5)
			break;
		scale *= 0.9 * (double)(d->limit - tc) / (double)(b.last - tc);
		d->nsteps = mark;
	}
}

static void plan_problem(struct demo *d, int pi)
{
	struct pproblem *p = &d->probs[pi];
	struct rng *r = &d->r;
	static const int size_w[] = {15, 25, 30, 18, 12};
	int n = 1 + pick(r, size_w, COUNT(size_w));
	int anchor = story_anchor(p->story, p->k), recent = anchor > 0;
	/* the summer and autumn: after the survey, done before the last few months */
	int64_t mid_from = at_local(d, d->survey + 35, 8 * 3600);
	double mid_span = (double)(d->now - 110 * DAY - mid_from) / DAY;
	int64_t ws;
	double wlen;
	if (recent) {
		ws = d->now - (int64_t)(anchor + uni(r, 0, 4)) * DAY;
		wlen = 6;
	} else if (anchor < 0 && mid_span > 5) {
		ws = mid_from + (int64_t)(uni(r, 0, mid_span) * DAY);
		wlen = 7;
	} else {
		ws = at_local(d, d->survey, 8 * 3600) + (int64_t)(uni(r, 0, 26) * DAY);
		wlen = 7;
	}
	int first = rnd(r, 4);
	int64_t last_entered = 0;
	for (int k = 0; k < n && k < MAX_GROUP; k++) {
		struct popinion *o = new_opinion(d);
		o->unit = p->unit;
		o->topic = p->topic;
		o->prob = pi;
		describe_opinion(d, o, chance(r, 12), first + k);
		time_opinion(d, o, ws + (int64_t)(uni(r, 0, wlen) * DAY));
		p->ops[p->nops++] = d->nops - 1;
	}
	/* now and then one more comes in after the summary and is merged into it */
	int late = !recent && n >= 3 && p->story < SY_CLOSED &&
	           p->story != SY_RECTIFYING_REOPENED && chance(r, 40);
	for (int k = 0; k < p->nops - late; k++)
		if (d->ops[p->ops[k]].entered > last_entered)
			last_entered = d->ops[p->ops[k]].entered;
	for (int k = 0; k < p->nops - late; k++)
		push_opinion(d, p->ops[k]);

	const struct popinion *o0 = &d->ops[p->ops[0]];
	p->summary = arena_printf(&d->keep, "共汇总%d条意见，集中反映%s的问题。代表性意见：“%s”",
	                          p->nops - late, p->title, o0->content);
	int64_t tc = cap(d, office(d, last_entered + (int64_t)(uni(r, 0.5, 3) * DAY)));
	plan_script(d, pi, tc);
	if (late) {
		int oi = p->ops[p->nops - 1];
		struct popinion *o = &d->ops[oi];
		o->late = 1;
		time_opinion(d, o, tc + (int64_t)(uni(r, 1, 4) * DAY));
		push_opinion(d, oi);
		struct step *s = new_step(
		    d, cap(d, office(d, o->entered + (int64_t)(uni(r, 0.3, 2) * DAY))), SK_MERGE);
		s->prob = pi;
		s->op = oi;
	}
}

struct pair {
	int topic, unit, alt, used;
};

/* Every (topic, unit) an opinion can be about. @return how many, in @p out (shuffled) */
static int make_pairs(struct demo *d, struct pair *out, int max)
{
	int n = 0;
	for (int t = 0; t < NTOPICS; t++) {
		const struct topic *tp = &topics[t];
		for (int u = 0; u < NUNITS && n < max; u++) {
			const struct unit_def *ud = &units[u];
			int ok = strcmp(tp->unit, ud->code) == 0 ||
			         (strcmp(tp->unit, "*street") == 0 && ud->kind == UK_STREET) ||
			         (strcmp(tp->unit, "*dept") == 0 && ud->kind == UK_DEPARTMENT) ||
			         (strcmp(tp->unit, "*fee") == 0 && ud->kind == UK_DEPARTMENT &&
			          ud->fees);
			if (!ok)
				continue;
			int alt = tp->alt ? unit_ix(tp->alt) : -1;
			out[n++] = (struct pair){t, u, alt == u ? -1 : alt, 0};
		}
	}
	for (int i = n - 1; i > 0; i--) {
		int j = rnd(&d->r, i + 1);
		struct pair x = out[i];
		out[i] = out[j];
		out[j] = x;
	}
	return n;
}

static void plan(struct demo *d)
{
	struct rng *r = &d->r;
	struct pair pairs[256];
	int npairs = make_pairs(d, pairs, COUNT(pairs));
	int total = 0;
	for (int s = 0; s < SY__N; s++)
		total += story_count[s];
	d->probs = xcalloc((size_t)total, sizeof *d->probs);
	d->capprobs = total;

	/* which problems get flagged: the one that is closed later, and a few overdue ones */
	int flag_rect = 2, flag_disp = 1;
	for (int pass = 0; pass < 2; pass++) {
		for (int s = 0; s < SY__N; s++) {
			/* stories that need another responsible unit take their topics first */
			if (story_needs_alt(s) != (pass == 0))
				continue;
			for (int k = 0; k < story_count[s]; k++) {
				int pi = -1;
				for (int i = 0; i < npairs && pi < 0; i++)
					if (!pairs[i].used &&
					    (!story_needs_alt(s) || pairs[i].alt >= 0))
						pi = i;
				if (pi < 0)
					continue; /* out of topics: fewer problems */
				pairs[pi].used = 1;
				struct pproblem *p = &d->probs[d->nprobs++];
				p->topic = pairs[pi].topic;
				p->unit = pairs[pi].unit;
				p->alt = pairs[pi].alt;
				p->station = station_of(p->unit);
				p->story = s;
				p->k = k;
				p->title = subst(d, topics[p->topic].title, p->unit);
				static const int sev_w[SEV__N] = {65, 25, 10};
				p->sev = pick(r, sev_w, SEV__N);
				if (s == SY_RECTIFYING_LATE && flag_rect > 0) {
					p->flag = 1;
					flag_rect--;
				} else if (s == SY_DISPATCHED_LATE && flag_disp > 0) {
					p->flag = 1;
					flag_disp--;
				}
				if (p->flag || s == SY_CLOSED_FLAGGED)
					p->sev = chance(r, 30) ? SEV_URGENT : SEV_IMPORTANT;
				else if (story_anchor(s, k) > 0 && p->sev == SEV_URGENT)
					p->sev = SEV_IMPORTANT;
				p->by_office = chance(r, 15);
			}
		}
	}
	for (int i = 0; i < d->nprobs; i++)
		plan_problem(d, i);

	/* opinions the stations reject */
	int public_count = 0;
	for (int i = 0; i < d->nops; i++)
		public_count += d->ops[i].point < 0;
	for (int i = 0; i < COUNT(rejects); i++) {
		struct popinion *o = new_opinion(d);
		int oi = d->nops - 1;
		o->unit = unit_ix(rejects[i].unit);
		o->topic = 0;
		o->reject = i + 1;
		o->dim = DIM_CONDUCT;
		o->content = rejects[i].text;
		if (rejects[i].online) {
			o->point = -1;
			o->src = SRC_PUBLIC;
			o->ch = CH_ONLINE;
			public_count++;
		} else {
			o->point =
			    units[o->unit].home ? unit_ix(units[o->unit].home) : unit_ix("pt-01");
			o->src = chance(r, 70) ? SRC_PUBLIC : SRC_OTHER;
			o->ch = chance(r, 50) ? CH_HOTLINE : CH_FORM;
		}
		o->name = chance(r, 50) ? giver_name(d, SRC_PUBLIC) : NULL;
		time_opinion(d, o,
		             at_local(d, d->survey, 8 * 3600) + (int64_t)(uni(r, 0, 33) * DAY));
		push_opinion(d, oi);
		struct step *s = new_step(
		    d, cap(d, office(d, o->entered + (int64_t)(uni(r, 1, 5) * DAY))), SK_REJECT);
		s->op = oi;
		s->in.reason = rejects[i].reason;
	}

	/* the inbox: recent opinions not summarized yet, to bring the total to about 300 */
	int inbox_public = 40 - public_count < 8 ? 8 : 40 - public_count;
	int inbox_points = 300 - d->nops - inbox_public;
	if (inbox_points < 5)
		inbox_points = 5;
	for (int i = 0; i < inbox_public + inbox_points; i++) {
		struct popinion *o = new_opinion(d);
		int oi = d->nops - 1;
		const struct pair *pr = &pairs[rnd(r, npairs)];
		o->unit = pr->unit;
		o->topic = pr->topic;
		describe_opinion(d, o, i < inbox_public, rnd(r, 4));
		time_opinion(d, o, d->now - (int64_t)(uni(r, 0.2, 18) * DAY));
		push_opinion(d, oi);
	}
}

/* ---- playing the plan ---- */

static int step_cmp(const void *a, const void *b)
{
	const struct step *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void act_as(struct demo *d, int user)
{
	d->c.who.user_id = d->user_id[user];
	d->c.who.role = users[user].role;
	d->c.who.unit_id = d->unit_id[d->user_unit[user]];
}

static void act_as_public(struct demo *d)
{
	d->c.who = (struct wb_actor){0, ROLE__N, 0};
}

static const struct wb_actor office_reader = {0, ROLE_ADMIN, 0};

static void act_as_kind(struct demo *d, const struct pproblem *p, enum actor who)
{
	int u = -1;
	switch (who) {
	case AC_STATION:
		u = d->unit_user[p->station];
		break;
	case AC_UNIT:
		u = d->unit_user[p->cur];
		break;
	case AC_POINT:
		for (int i = 0; i < p->nops && u < 0; i++) {
			int pt = d->ops[p->ops[i]].point;
			if (pt >= 0 && !d->ops[p->ops[i]].late)
				u = d->unit_user[pt];
		}
		if (u < 0)
			u = d->unit_user[p->station];
		break;
	default:
		break;
	}
	act_as(d, u >= 0 ? u : user_of_role(ROLE_ADMIN, -1));
}

static const char *cn_date(struct demo *d, wb_date day)
{
	int y, m, dd;
	wb_date_to_ymd(day, &y, &m, &dd);
	return arena_printf(&d->scratch, "%d年%d月%d日", y, m, dd);
}

/* Fill what only the moment of playing knows: units' ids, deadlines, the bulletin. */
static int complete_stage(struct demo *d, struct step *s, struct pproblem *p, struct svc_stage *in)
{
	*in = s->in;
	struct svc_ctx *c = &d->c;
	if (s->act == ACT_DISPATCH && s->to_unit >= 0) {
		in->has_unit_id = 1;
		in->unit_id = d->unit_id[s->to_unit];
	}
	if (s->act != ACT_EXTENSION && s->act != ACT_FLAG)
		return 0;
	struct wb_problem wp;
	int rc = store_problem_get(d->st, &office_reader, p->id, &d->scratch, &wp);
	if (rc <= 0)
		return rc < 0 ? rc : WB_ERR_NOT_FOUND;
	wb_date today = svc_today(c), due = today + s->days;
	if (s->act == ACT_EXTENSION) {
		if (wp.due_on != WB_NO_DATE && due <= wp.due_on)
			due = wp.due_on + 10 + s->days % 20;
		in->has_due_on = 1;
		in->due_on = due;
		return 0;
	}
	in->has_due_on = 1;
	in->due_on = due;
	const char *unit = units[p->cur].name;
	in->bulletin = arena_printf(
	    &d->scratch,
	    "关于%s“%s”问题整改不力的通报：群众反映的“%s”问题于%s转办%s，至今未按期完成整改。"
	    "经区纠风办研究，现予全区通报，并挂牌限时整改。请%s于%s前整改到位并书面报送整改结果；"
	    "逾期未完成的，将按照行政效能过错责任制追究相关责任。",
	    unit, p->title, p->title, cn_date(d, local_day(d, wp.dispatched_at)), unit, unit,
	    cn_date(d, due));
	return 0;
}

static int run_step(struct demo *d, struct step *s)
{
	struct svc_ctx *c = &d->c;
	struct pproblem *p = s->prob >= 0 ? &d->probs[s->prob] : NULL;
	struct popinion *o = s->op >= 0 ? &d->ops[s->op] : NULL;
	int rc = 0;
	c->now = s->t;
	memset(&c->errs, 0, sizeof c->errs);
	switch (s->kind) {
	case SK_OPINION: {
		struct wb_opinion in = {
		    .campaign_id = d->campaign_id,
		    .target_unit_id = d->unit_id[o->unit],
		    .dimension = o->dim,
		    .source = o->src,
		    .channel = o->ch,
		    .content = o->content,
		    .submitter_name = o->name,
		    .submitter_phone = o->phone,
		    .received_at = o->received,
		};
		if (o->point < 0) {
			const char *receipt;
			struct wb_opinion got;
			act_as_public(d);
			rc = svc_public_opinion(c, &in, &receipt);
			if (rc == 0) {
				rc = store_opinion_by_receipt(d->st, receipt, &d->scratch,
				                                    &got);
				if (rc > 0)
					o->id = got.id;
				rc = rc < 0 ? rc : rc == 0 ? WB_ERR_NOT_FOUND : 0;
			}
		} else if (d->unit_user[o->point] >= 0) {
			act_as(d, d->unit_user[o->point]);
			rc = svc_opinion_create(c, &in, 0, &o->id);
		} else {
			act_as(d, d->unit_user[station_of(o->point)]);
			in.point_id = d->unit_id[o->point];
			rc = svc_opinion_create(c, &in, 1, &o->id);
		}
		return rc;
	}
	case SK_REJECT:
		act_as(d, d->unit_user[station_of(o->unit)]);
		return svc_opinion_reject(c, o->id, s->in.reason);
	case SK_CREATE: {
		int64_t ids[MAX_GROUP];
		int n = 0;
		for (int i = 0; i < p->nops; i++)
			if (!d->ops[p->ops[i]].late)
				ids[n++] = d->ops[p->ops[i]].id;
		struct wb_problem in = {
		    .campaign_id = d->campaign_id,
		    .target_unit_id = d->unit_id[p->unit],
		    .dimension = topics[p->topic].dim,
		    .title = p->title,
		    .summary = p->summary,
		    .category = topics[p->topic].category,
		    .severity = p->sev,
		};
		act_as_kind(d, p, p->by_office ? AC_ADMIN : AC_STATION);
		p->cur = p->unit;
		return svc_problem_create(c, &in, ids, n, &p->id);
	}
	case SK_MERGE:
		act_as_kind(d, p, p->by_office ? AC_ADMIN : AC_STATION);
		return svc_problem_merge(c, p->id, &o->id, 1);
	case SK_ACT: {
		struct svc_stage in;
		act_as(d, user_of_role(ROLE_ADMIN, -1));
		rc = complete_stage(d, s, p, &in);
		if (rc < 0)
			return rc;
		act_as_kind(d, p, s->who);
		int64_t eval_id;
		rc = svc_problem_act(c, p->id, s->act, &in, &eval_id);
		if (rc == 0 && s->act == ACT_DISPATCH)
			p->cur = s->to_unit >= 0 ? s->to_unit : p->unit;
		if (rc == 0 && s->act == ACT_EVALUATE)
			d->nevals++;
		return rc;
	}
	case SK_RATE_PUBLIC: {
		struct wb_opinion got;
		int64_t eval_id;
		rc = store_opinion_get(d->st, &office_reader, o->id, &d->scratch, &got);
		if (rc <= 0 || got.receipt == NULL)
			return rc < 0 ? rc : WB_ERR_NOT_FOUND;
		act_as_public(d);
		rc = svc_public_evaluate(c, got.receipt, s->in.rating, s->in.note, &eval_id);
		if (rc == 0) {
			d->nevals++;
			d->npublic_evals++;
		}
		return rc;
	}
	}
	return WB_ERR_INTERNAL;
}

static int play(struct demo *d)
{
	qsort(d->steps, (size_t)d->nsteps, sizeof *d->steps, step_cmp);
	for (int i = 0; i < d->nsteps; i++) {
		struct step *s = &d->steps[i];
		int rc = run_step(d, s);
		arena_release(&d->scratch);
		if (rc < 0) {
			char when[32];
			wb_time_format(s->t, d->c.cfg.tz_min, when);
			fprintf(stderr, "wubiao demo: step %d of %d (%s at %s", i + 1, d->nsteps,
			        s->kind == SK_ACT       ? wb_enum_name(&wb_actions, s->act)
			        : s->kind == SK_OPINION ? "opinion"
			        : s->kind == SK_REJECT  ? "reject"
			        : s->kind == SK_CREATE  ? "summarize"
			        : s->kind == SK_MERGE   ? "merge"
			                                : "public evaluation",
			        when);
			if (s->prob >= 0)
				fprintf(stderr, ", problem \"%s\"", d->probs[s->prob].title);
			fprintf(stderr, ") failed\n");
			cli_print_err(&d->c, rc);
			return -1;
		}
	}
	return 0;
}

/* ---- the calendar ---- */

static void cal_add(struct demo *d, wb_date day, int kind)
{
	if (kind == 0 && d->cal.nholidays < COUNT(d->hol))
		d->hol[d->cal.nholidays++] = day;
	else if (kind == 1 && d->cal.nworkdays < COUNT(d->work))
		d->work[d->cal.nworkdays++] = day;
}

static int cal_has(const struct demo *d, wb_date day)
{
	for (size_t i = 0; i < d->cal.nholidays; i++)
		if (d->hol[i] == day)
			return 1;
	return 0;
}

/*
 * A statutory festival of @p len days from @p start: its weekdays are off, and a day of
 * it on a weekend is made up on the next weekdays (补休).
 */
static void provisional_festival(struct demo *d, wb_date start, int len)
{
	int owed = 0;
	for (int i = 0; i < len; i++) {
		if (wb_date_weekday(start + i) >= 5)
			owed++;
		else if (!cal_has(d, start + i))
			cal_add(d, start + i, 0);
	}
	for (wb_date day = start + len; owed > 0; day++)
		if (wb_date_weekday(day) < 5 && !cal_has(d, day)) {
			cal_add(d, day, 0);
			owed--;
		}
}

static void calendar_year(struct demo *d, int y)
{
	int found = 0;
	for (int i = 0; i < COUNT(published); i++)
		if (published[i].y == y) {
			cal_add(d, wb_date_from_ymd(y, published[i].m, published[i].d),
			        published[i].kind);
			found = 1;
		}
	if (found)
		return;
	provisional_festival(d, wb_date_from_ymd(y, 1, 1), 1);
	for (int i = 0; i < COUNT(lunar); i++)
		if (lunar[i].y == y) {
			provisional_festival(
			    d, wb_date_from_ymd(y, lunar[i].cny_m, lunar[i].cny_d) - 1, 4);
			provisional_festival(d, wb_date_from_ymd(y, 4, lunar[i].qm_d), 1);
			provisional_festival(d, wb_date_from_ymd(y, lunar[i].db_m, lunar[i].db_d),
			                     1);
			provisional_festival(d, wb_date_from_ymd(y, lunar[i].mid_m, lunar[i].mid_d),
			                     1);
		}
	provisional_festival(d, wb_date_from_ymd(y, 5, 1), 2);
	provisional_festival(d, wb_date_from_ymd(y, 10, 1), 3);
}

static int date_cmp(const void *a, const void *b)
{
	wb_date x = *(const wb_date *)a, y = *(const wb_date *)b;
	return (x > y) - (x < y);
}

/* The two years' special days, checked; those that do not fit the rules are left out. */
static void plan_calendar(struct demo *d)
{
	calendar_year(d, d->year);
	calendar_year(d, d->year + 1);
	size_t nh = 0, nw = 0;
	for (size_t i = 0; i < d->cal.nholidays; i++) {
		memset(&d->c.errs, 0, sizeof d->c.errs);
		if (svc_calendar_check(&d->c, d->hol[i], 0) == 0)
			d->hol[nh++] = d->hol[i];
	}
	for (size_t i = 0; i < d->cal.nworkdays; i++) {
		memset(&d->c.errs, 0, sizeof d->c.errs);
		if (svc_calendar_check(&d->c, d->work[i], 1) == 0)
			d->work[nw++] = d->work[i];
	}
	qsort(d->hol, nh, sizeof *d->hol, date_cmp);
	qsort(d->work, nw, sizeof *d->work, date_cmp);
	d->cal.nholidays = nh;
	d->cal.nworkdays = nw;
	d->cal.holidays = d->hol;
	d->cal.workdays = d->work;
}

/* ---- setting up the district ---- */

static int fail(struct demo *d, int rc, const char *what)
{
	fprintf(stderr, "wubiao demo: cannot create %s\n", what);
	cli_print_err(&d->c, rc);
	return -1;
}

static void make_password(char out[17])
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (int i = 0; i < 16; i++)
		out[i] = al[randombytes_uniform(sizeof al - 1)];
	out[16] = '\0';
}

static int create_user(struct demo *d, int i)
{
	char pw[17];
	make_password(pw);
	struct wb_user u = {
	    .username = users[i].username,
	    .display_name = users[i].display,
	    .role = users[i].role,
	    .unit_id = d->unit_id[d->user_unit[i]],
	};
	memset(&d->c.errs, 0, sizeof d->c.errs);
	int rc = svc_user_create(&d->c, &u, pw, &d->user_id[i]);
	if (rc == 0 &&
	    fprintf(d->logins, "%s\t%s\t%s\t%s\n", users[i].username,
	            wb_enum_name(&wb_roles, users[i].role), units[d->user_unit[i]].name, pw) < 0)
		rc = WB_ERR_IO;
	sodium_memzero(pw, sizeof pw);
	if (rc == WB_ERR_IO) {
		fprintf(stderr, "wubiao demo: cannot write the logins file: %s\n", strerror(errno));
		return -1;
	}
	return rc < 0 ? fail(d, rc, users[i].username) : 0;
}

static int create_unit(struct demo *d, int i)
{
	const struct unit_def *u = &units[i];
	struct wb_unit in = {
	    .name = u->name,
	    .kind = u->kind,
	    .parent_id = u->parent ? d->unit_id[unit_ix(u->parent)] : 0,
	    .station_id = u->station ? d->unit_id[unit_ix(u->station)] : 0,
	    .code = u->code,
	};
	memset(&d->c.errs, 0, sizeof d->c.errs);
	int rc = svc_unit_create(&d->c, &in, &d->unit_id[i]);
	return rc < 0 ? fail(d, rc, u->name) : 0;
}

/* Units, users, the calendar and the campaign, a week before the survey starts. */
static int setup(struct demo *d)
{
	struct svc_ctx *c = &d->c;
	int64_t t = office(d, at_local(d, wb_date_from_ymd(d->year, 2, 9), 9 * 3600));
	for (int i = 0; i < NUSERS; i++) {
		d->user_unit[i] = unit_ix(users[i].unit);
		if (d->unit_user[d->user_unit[i]] < 0)
			d->unit_user[d->user_unit[i]] = i; /* the office's is the administrator */
	}
	/* the system creates the office and its administrator; the administrator the rest */
	c->now = t;
	int office_ix = unit_ix("office"), admin = user_of_role(ROLE_ADMIN, -1);
	if (create_unit(d, office_ix) < 0 || create_user(d, admin) < 0)
		return -1;
	act_as(d, admin);
	for (int i = 0; i < NUNITS; i++) {
		if (i == office_ix)
			continue;
		c->now = t += 60 + rnd(&d->r, 120);
		if (create_unit(d, i) < 0)
			return -1;
	}
	t = office(d, t + DAY);
	for (int i = 0; i < NUSERS; i++) {
		if (i == admin)
			continue;
		c->now = t += 60 + rnd(&d->r, 240);
		if (create_user(d, i) < 0)
			return -1;
	}
	t = office(d, t + DAY);
	for (int kind = 0; kind < 2; kind++) {
		const wb_date *days = kind ? d->cal.workdays : d->cal.holidays;
		size_t n = kind ? d->cal.nworkdays : d->cal.nholidays;
		for (size_t i = 0; i < n; i++) {
			c->now = t += 1 + rnd(&d->r, 3);
			memset(&c->errs, 0, sizeof c->errs);
			int rc = svc_calendar_set(c, days[i], kind);
			if (rc < 0)
				return fail(d, rc, "the calendar");
		}
	}
	wb_date eval_end = wb_date_from_ymd(
	    local_day(d, d->now) >= wb_date_from_ymd(d->year + 1, 1, 1) ? d->year + 1 : d->year, 12,
	    31);
	struct wb_campaign camp = {
	    .name = arena_printf(&d->keep, "%d年度作风建设“三级两评五表”评议活动", d->year),
	    .year = d->year,
	    .nphases = 3,
	    .phases = {{PHASE_SURVEY, d->survey, wb_date_from_ymd(d->year, 3, 25)},
	               {PHASE_RECTIFY, wb_date_from_ymd(d->year, 3, 15),
	                wb_date_from_ymd(d->year, 5, 31)},
	               {PHASE_EVALUATE, wb_date_from_ymd(d->year, 5, 15), eval_end}},
	};
	c->now = office(d, t + DAY);
	memset(&c->errs, 0, sizeof c->errs);
	int rc = svc_campaign_create(c, &camp, &d->campaign_id);
	return rc < 0 ? fail(d, rc, "the campaign") : 0;
}

/* ---- the summary ---- */

struct tally {
	int n, by[16], flagged, delisted, online;
};

static int tally_unit(void *arg, const struct wb_unit *u)
{
	struct tally *k = arg;
	k->n++;
	k->by[u->kind]++;
	return 0;
}

static int tally_user(void *arg, const struct wb_user *u)
{
	struct tally *k = arg;
	k->n++;
	k->by[u->role]++;
	return 0;
}

static int tally_opinion(void *arg, const struct wb_opinion *o)
{
	struct tally *k = arg;
	k->n++;
	k->by[o->status]++;
	k->online += o->channel == CH_ONLINE;
	return 0;
}

static int tally_problem(void *arg, const struct wb_problem *p)
{
	struct tally *k = arg;
	k->n++;
	k->by[p->status]++;
	k->flagged += p->flagged;
	k->delisted += p->delisted;
	return 0;
}

static void summary(struct demo *d, const char *db, const char *logins)
{
	struct store *st = d->st;
	struct tally un = {0}, us = {0}, op = {0}, pr = {0}, late = {0};
	struct store_unit_filter uf = {.kind = -1, .limit = 100000};
	store_unit_list(st, &uf, tally_unit, &un);
	store_user_list(st, 0, 100000, tally_user, &us);
	struct store_opinion_filter of = {
	    .status = -1, .dimension = -1, .source = -1, .channel = -1, .limit = 100000};
	store_opinion_list(st, &office_reader, &of, tally_opinion, &op);
	struct store_problem_filter pf = {.status = -1,
	                                  .dimension = -1,
	                                  .severity = -1,
	                                  .flagged = -1,
	                                  .overdue = -1,
	                                  .ext_pending = -1,
	                                  .due_until = WB_NO_DATE,
	                                  .today = d->today,
	                                  .limit = 100000};
	store_problem_list(st, &office_reader, &pf, tally_problem, &pr);
	pf.overdue = 1;
	store_problem_list(st, &office_reader, &pf, tally_problem, &late);

	char today[11];
	wb_date_format(d->today, today);
	printf("demo district created in %s (campaign %d, today %s)\n", db, d->year, today);
	printf("  units:     %d (%d office, %d stations, %d points, %d departments, %d "
	       "streets/towns)\n",
	       un.n, un.by[UK_OFFICE], un.by[UK_STATION], un.by[UK_POINT], un.by[UK_DEPARTMENT],
	       un.by[UK_STREET]);
	printf("  users:     %d (%d admin, %d leader, %d station, %d point, %d unit)\n", us.n,
	       us.by[ROLE_ADMIN], us.by[ROLE_LEADER], us.by[ROLE_STATION], us.by[ROLE_POINT],
	       us.by[ROLE_UNIT]);
	printf("  opinions:  %d (%d received, %d merged, %d rejected; %d online from the public)\n",
	       op.n, op.by[OS_RECEIVED], op.by[OS_MERGED], op.by[OS_REJECTED], op.online);
	printf("  problems:  %d\n   ", pr.n);
	for (int s = 0; s < PS__N; s++)
		printf(" %s %d%s", wb_enum_name(&wb_pstatuses, s), pr.by[s],
		       s + 1 < PS__N ? "," : "\n");
	printf("    overdue today %d, flagged %d, delisted %d\n", late.n, pr.flagged, pr.delisted);
	printf("  evaluations: %d (%d by the public through receipts)\n", d->nevals,
	       d->npublic_evals);
	printf("logins (mode 0600): %s\n", logins);
	printf("serve it: wubiao serve --db %s   then open http://127.0.0.1:8080/\n", db);
}

/* ---- the command ---- */

static int database_is_empty(struct store *st)
{
	struct tally k = {0};
	struct store_unit_filter f = {.kind = -1, .limit = 1};
	int rc = store_unit_list(st, &f, tally_unit, &k);
	return rc < 0 ? rc : k.n == 0;
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *logins_to = NULL, *pos[1];
	int64_t seed_opt = 1, scale = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"logins", CLI_STR, &logins_to, 0, 0, 0, "FILE",
		 "where to write the demo users' passwords (mode 0600); by default demo-logins.txt\n"
		 "      beside the database (for a postgresql:// address, in the working directory)"},
		{"seed", CLI_NUM, &seed_opt, 0, INT64_MAX, 0, "N",
		 "the choices of content; receipts and passwords are random"},
		{"scale", CLI_NUM, &scale, 1000, 10000000, 0, "OPINIONS",
		 "instead, a benchmark district of so many opinions, 30% as many problems,\n"
		 "      300 units; only an admin user is made"},
		{NULL},
	};
	const struct cli_spec spec = {
		"demo", NULL, 0,
		"Fill an empty database with a demo district: the office, 4 stations, 16 points,\n"
		"18 responsible units, demo users of every role and one campaign's history of\n"
		"opinions and problems in every stage, dated up to today (WUBIAO_NOW when set).\n"
		"Refuses a database that already has units.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	uint64_t seed = (uint64_t)seed_opt;
	char logins[4096];
	if (logins_to) {
		snprintf(logins, sizeof logins, "%s", logins_to);
	} else {
		/* next to the database file; for a server's address, in the working directory */
		const char *slash = strstr(db, "://") ? NULL : strrchr(db, '/');
		int dirlen = slash ? (int)(slash - db) : 1;
		if (snprintf(logins, sizeof logins, "%.*s/demo-logins.txt", dirlen,
		             slash ? db : ".") >= (int)sizeof logins) {
			fprintf(stderr, "wubiao demo: the database path is too long\n");
			return EXIT_USAGE;
		}
	}

	struct demo *d = xcalloc(1, sizeof *d);
	struct arena a = ARENA_INIT;
	int rc = EXIT_FAIL;
	if (cli_open(db, &d->st, &d->c, &a) < 0) {
		free(d);
		arena_release(&a);
		return EXIT_FAIL;
	}
	int empty = database_is_empty(d->st);
	if (empty <= 0) {
		if (empty == 0)
			fprintf(stderr,
			        "wubiao demo: %s already has units; the demo only fills an empty "
			        "database\n",
			        db);
		else
			fprintf(stderr, "wubiao demo: cannot read the units of %s\n", db);
		goto out;
	}
	int fd = open(logins, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || (d->logins = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "wubiao demo: cannot write %s: %s\n", logins,
		        errno == ELOOP
		            ? "it is a symbolic link; passwords are not written through one"
		            : strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}

	if (scale) {
		long n = scale;
		char pw[17];
		make_password(pw);
		int64_t uid;
		struct wb_user admin = {.username = "admin", .display_name = "纠风办管理员",
					.role = ROLE_ADMIN};
		if (svc_user_create(&d->c, &admin, pw, &uid) < 0 ||
		    fprintf(d->logins, "admin\tadmin\t区纠风办\t%s\n", pw) < 0 || fclose(d->logins) != 0) {
			d->logins = NULL;
			sodium_memzero(pw, sizeof pw);
			goto broken;
		}
		d->logins = NULL;
		sodium_memzero(pw, sizeof pw);
		if (demo_scale(d->st, &d->c, n, seed) < 0)
			goto broken;
		rc = EXIT_OK;
		goto out;
	}
	d->c.a = &d->scratch;
	d->r.s = seed;
	d->now = cli_now();
	d->plimit = d->now - 600;
	d->today = local_day(d, d->now);
	int y, m, dd;
	wb_date_to_ymd(d->today, &y, &m, &dd);
	/* the campaign running today, with a few months of history behind it */
	d->year = d->today >= wb_date_from_ymd(y, 5, 1) ? y : y - 1;
	d->survey = wb_date_from_ymd(d->year, 2, 20);
	for (int i = 0; i < NUNITS; i++)
		d->unit_user[i] = -1;
	plan_calendar(d);
	d->limit = last_office_moment(d, d->plimit);
	if (setup(d) < 0)
		goto broken;
	plan(d);
	if (play(d) < 0)
		goto broken;
	if (fclose(d->logins) != 0) {
		d->logins = NULL;
		fprintf(stderr, "wubiao demo: cannot write %s: %s\n", logins, strerror(errno));
		goto broken;
	}
	d->logins = NULL;
	summary(d, db, logins);
	rc = EXIT_OK;
	goto out;
broken:
	fprintf(stderr, "wubiao demo: stopped half way; remove %s and run the demo again\n", db);
out:
	if (d->logins)
		fclose(d->logins);
	store_close(d->st);
	arena_release(&d->keep);
	arena_release(&d->scratch);
	arena_release(&a);
	free(d->ops);
	free(d->probs);
	free(d->steps);
	free(d);
	return rc;
}
