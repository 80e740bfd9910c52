/**
 * Regions DataWorks serves, from the project reference on the DataWorks API
 * ("Endpoints"): public endpoints plus those the SDK sends to the central
 * endpoint. A region missing here only draws a warning: Alibaba Cloud opens
 * regions, and the API client lets users override the endpoint.
 */

/** Region IDs known to host DataWorks. */
export const KNOWN_REGIONS: readonly string[] = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-chengdu',
  'cn-hongkong',
  'cn-huhehaote',
  'cn-qingdao',
  'cn-zhangjiakou',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-south-1',
  'eu-central-1',
  'eu-west-1',
  'me-east-1',
  'us-east-1',
  'us-west-1',
];

/** Finance and government clouds: IDs end in -finance-N or -gov-N. */
export function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.includes(region) ||
    /^cn-[a-z]+-(finance|gov)-\d+$/.test(region);
}
